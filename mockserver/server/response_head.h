// The bytes before a response's body on the wire (status line and header fields), as the
// connection layer writes them and the raw-request fuzz target checks them.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

namespace tenantsim::mock {

std::string_view reasonPhrase(int status);

// Appends the status line, the response's header fields, Content-Length (of the body) and the
// empty line to `head`. Connection: close when `close` or when the response asks for it;
// Connection: keep-alive to an HTTP/1.0 request kept open. The response's own Content-Length and
// Transfer-Encoding are dropped. Returns whether the connection closes after this response.
bool appendResponseHead(std::string& head, const httplib::Request& request,
                        const httplib::Response& response, bool close);

}  // namespace tenantsim::mock

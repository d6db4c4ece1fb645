#include "mockserver/server/request_reader.h"

namespace tenantsim::mock {

RequestReader::State RequestReader::fail(const FramingError& error) {
  error_ = error;
  return State::Error;
}

RequestReader::State RequestReader::read(std::string& in, httplib::Request& request,
                                         RequestFraming& framing) {
  if (!headRead_) {
    switch (scanner_.scan(in)) {
      case RequestHeadScanner::State::Error:
        return fail(scanner_.error());
      case RequestHeadScanner::State::NeedMore:
        return State::NeedMore;
      case RequestHeadScanner::State::Complete:
        break;
    }
    size_t leading = scanner_.leadingEmptyLines();
    std::string_view head(in.data() + leading, scanner_.headEnd() - leading);
    if (FramingError e = parseRequestHead(head, *limits_, request, framing)) return fail(e);
    headRead_ = true;
    bodyAt_ = scanner_.headEnd();
    return State::HeadRead;
  }
  size_t consumed = 0;
  if (framing.chunked) {
    std::string_view body = std::string_view(in).substr(bodyAt_);
    switch (chunks_.feed(body, request.body, limits_->maxBodyBytes)) {
      case ChunkedBodyDecoder::State::Error:
        return fail(chunks_.error());
      case ChunkedBodyDecoder::State::NeedMore:
        return State::NeedMore;
      case ChunkedBodyDecoder::State::Done:
        consumed = bodyAt_ + chunks_.consumed();
    }
  } else {
    size_t length = static_cast<size_t>(framing.contentLength);
    if (in.size() - bodyAt_ < length) {
      in.reserve(bodyAt_ + length);
      return State::NeedMore;
    }
    request.body.assign(in, bodyAt_, length);
    consumed = bodyAt_ + length;
  }
  in.erase(0, consumed);
  return State::Complete;
}

bool RequestReader::awaitsBody(const std::string& in, const RequestFraming& framing) const {
  return (framing.chunked || framing.contentLength > 0) && in.size() == bodyAt_;
}

void RequestReader::reset() {
  scanner_.reset(*limits_);
  chunks_ = ChunkedBodyDecoder();
  bodyAt_ = 0;
  headRead_ = false;
  error_ = FramingError();
}

void recycleRequest(httplib::Request& request) {
  // Everything reset as a new Request would be (so no field can be forgotten), then the emptied
  // strings moved back in with their capacity.
  auto emptied = [](std::string& s) {
    std::string kept = std::move(s);
    kept.clear();
    return kept;
  };
  std::string method = emptied(request.method), path = emptied(request.path),
              version = emptied(request.version), target = emptied(request.target),
              remoteAddr = emptied(request.remote_addr), body = emptied(request.body);
  if (body.capacity() > kKeptRequestBodyBytes) std::string().swap(body);
  request = httplib::Request();
  request.method = std::move(method);
  request.path = std::move(path);
  request.version = std::move(version);
  request.target = std::move(target);
  request.remote_addr = std::move(remoteAddr);
  request.body = std::move(body);
}

}  // namespace tenantsim::mock

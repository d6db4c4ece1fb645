#include "mockserver/http/limits.h"

#include <sys/socket.h>

namespace tenantsim::mock {

bool raiseListenBacklog(int fd, int backlog) {
  int listening = 0;
  socklen_t size = sizeof listening;
  if (fd < 0 || ::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) != 0 || !listening)
    return false;
  return ::listen(fd, backlog) == 0;
}

}  // namespace tenantsim::mock

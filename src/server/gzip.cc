// server/gzip.cc — gzip through zlib (deflate with a gzip wrapper).
#include "server/internal/gzip.h"

#include <stdexcept>

#include <zlib.h>

namespace barometer::server::internal {

std::shared_ptr<const std::string> Gzip(std::string_view data) {
  z_stream z{};
  // windowBits 15 + 16: a gzip header and trailer rather than zlib's.
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("zlib: deflateInit2 failed");
  }
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);  // deflateBound leaves room for all of it
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("zlib: deflate did not finish");
  return std::make_shared<const std::string>(std::move(out));
}

bool WorthCompressing(std::string_view content_type, size_t size) {
  if (size < 1024) return false;
  for (std::string_view t : {"text/", "application/json", "image/svg+xml"}) {
    if (content_type.substr(0, t.size()) == t) return true;
  }
  return false;
}

}  // namespace barometer::server::internal

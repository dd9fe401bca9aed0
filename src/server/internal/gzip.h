// server/internal/gzip.h — gzip for the pages the server sends (zlib).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace barometer::server::internal {

// `data` as one gzip member (RFC 1952) at zlib's default level.
std::shared_ptr<const std::string> Gzip(std::string_view data);

// Whether a response of this type and size is worth compressing: text, HTML,
// JSON, CSV, SVG of 1 KiB or more (PDFs and images are compressed already).
bool WorthCompressing(std::string_view content_type, size_t size);

}  // namespace barometer::server::internal

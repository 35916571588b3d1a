// The Subject: as the <= log line's T= field shows it: unfolded, with
// RFC 2047 encoded words decoded to UTF-8 (as Exim's headers_charset).
#pragma once

#include <string>
#include <string_view>

namespace corvid::message {

std::string subject_for_log(std::string_view raw_value);

}  // namespace corvid::message

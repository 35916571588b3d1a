// The per-message queue operations behind -Mrm, -Mvh, -Mvb and -Mvl.
// Each returns the text Exim 4.96 prints (on stdout, errors included)
// and whether it succeeded; the caller decides the exit status (Exim
// exits 1 if any message failed). Nothing is logged here yet.
#pragma once

#include <string>
#include <string_view>

#include "spool/layout.hpp"

namespace corvid::spool {

struct OpResult {
  bool ok = true;
  std::string text;
};

// -Mvh: the -H file as it is on disk.
OpResult view_header_file(const SpoolLayout& layout, std::string_view id);
// -Mvb: the -D file as it is on disk (first line included, as Exim shows it).
OpResult view_data_file(const SpoolLayout& layout, std::string_view id);
// -Mvl: the message log.
OpResult view_message_log(const SpoolLayout& layout, std::string_view id);
// -Mrm: removes -D, -H, -J and the msglog. Refuses (ok = false) while
// another process holds the -D lock (a delivery or reception in
// progress).
OpResult remove_message(const SpoolLayout& layout, std::string_view id);

}  // namespace corvid::spool

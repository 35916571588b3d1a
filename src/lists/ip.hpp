// The IP helpers for list matching and the expansion operators (isip,
// mask, ipv6norm, ipv6denorm, reverse_ip). The implementation lives in
// src/lookup/ip.hpp because iplsearch (below lists in the layering) needs
// it too; this header makes the same functions available as lists::ip.
#pragma once

#include "lookup/ip.hpp"

namespace corvid::lists {
namespace ip = corvid::ip;
}  // namespace corvid::lists

// Fuzz target: the configuration loader.
//
// The input is taken as the text of a configuration file and loaded with
// config::load_text(), with one -D macro and an include reader that refuses
// every .include (a fuzzer must not read the file system). Loading must end
// with either a Config or a LoadError; nothing may crash, hang or trip a
// sanitizer. Whatever the outcome, the result is also looked at the way
// the binary does (-bP walks the lines, an error is rendered).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16384) {
    return 0;
  }
  std::string_view text(reinterpret_cast<const char*>(data), size);
  static const corvid::config::MacroDefs macros = {{"FUZZ_D", "from -D"}};
  static const corvid::config::IncludeReader refuse_includes =
      [](const std::string&) -> std::optional<std::string> { return std::nullopt; };

  corvid::config::LoadResult result =
      corvid::config::load_text(text, "/fuzz/configure", macros, refuse_includes);
  if (result.ok()) {
    std::size_t total = 0;
    for (const auto& line : result.config()->lines()) {
      total += line.text.size();
    }
    (void)total;
    (void)result.config()->unsupported_options_used();
  } else {
    std::string message = result.error().render();
    if (message.empty()) {
      __builtin_trap();  // an error must say something
    }
  }
  return 0;
}

// corvid: the command-line entry point. Parses Exim-style options, loads
// the configuration (the -C file, else the compiled-in path, else the
// embedded default), and runs the requested mode.
#include <filesystem>
#include <iostream>

#include "app/command_line.hpp"
#include "app/config_context.hpp"
#include "app/mode_info.hpp"
#include "app/modes.hpp"
#include "config/config.hpp"
#include "expand/expansion.hpp"
#include "lookup/lookup.hpp"

namespace {

corvid::config::LoadResult load_config(corvid::app::CommandLine& cl) {
  using namespace corvid::config;
  if (!cl.config_given) {
    std::error_code ec;
    if (std::filesystem::exists(CORVID_CONFIGURE_FILE, ec)) {
      cl.config_file = CORVID_CONFIGURE_FILE;
    } else {
      // The embedded default keeps its spool, logs and mail under
      // CORVID_DATA: /var/lib/corvid for root, ~/.corvid for anyone else.
      bool given = false;
      for (const auto& m : cl.macros) given = given || m.first == "CORVID_DATA";
      if (!given) cl.macros.emplace_back("CORVID_DATA", default_data_directory());
      return load_text(default_configuration_text(), "(embedded default configuration)",
                       cl.macros, read_file_contents);
    }
  }
  return load_file(cl.config_file, cl.macros);
}

}  // namespace

int main(int argc, char** argv) {
  corvid::app::CommandLine cl;
  std::string error;
  if (!corvid::app::parse_command_line(argc, argv, cl, error)) {
    std::cerr << "corvid: " << error << '\n';
    return 1;
  }
  corvid::config::LoadResult loaded = load_config(cl);
  if (!loaded.ok()) {
    std::cerr << loaded.error().render() << '\n';
    return 1;
  }
  const auto& config = loaded.config();
  // Keys in wildlsearch files are expansion strings; outside a message they
  // see the configuration's variables.
  auto key_ctx = std::make_shared<corvid::app::ConfigContext>(config);
  corvid::lookup::set_key_expander(
      [key_ctx](std::string_view in, std::string& out, std::string& err) {
        corvid::expand::Result r = corvid::expand::expand_string(in, *key_ctx);
        if (!r.ok()) {
          err = r.message;
          return false;
        }
        out = std::move(r.value.text);
        return true;
      });
  if (cl.mode == "-be" || cl.mode == "-bem") {
    return corvid::app::run_be(cl, config);
  }
  if (cl.mode == "-bP") {
    return corvid::app::run_bP(cl, *config);
  }
  if (cl.mode == "-bV" || cl.mode.empty()) {
    return corvid::app::run_bV(cl, *config);
  }
  std::cerr << "corvid: " << cl.mode << " is not yet supported\n";
  return 1;
}

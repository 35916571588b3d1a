// corvid: the command-line entry point. Parses Exim-style options, loads
// the configuration (the -C file, else the compiled-in path, else the
// embedded default), and runs the requested mode.
#include <filesystem>
#include <iostream>

#include "app/command_line.hpp"
#include "app/dns_setup.hpp"
#include "config/config_context.hpp"
#include "app/mode_info.hpp"
#include "app/mode_deliver.hpp"
#include "app/mode_edit.hpp"
#include "app/mode_retry.hpp"
#include "app/mode_rewrite.hpp"
#include "rewrite/rewrite.hpp"
#include "app/mode_local.hpp"
#include "app/mode_route.hpp"
#include "app/mode_queue.hpp"
#include "app/mode_smtp.hpp"
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
  auto compiled = corvid::acl::AclSet::compile(*config);
  if (auto* err = std::get_if<corvid::config::LoadError>(&compiled)) {
    std::cerr << err->render() << '\n';
    return 1;
  }
  std::optional<corvid::config::LoadError> rewrite_error;
  if (!corvid::rewrite::RuleSet::of(*config, &rewrite_error)) {
    std::cerr << rewrite_error->render() << '\n';
    return 1;
  }
  if (auto err = corvid::app::install_dns(*config)) {
    std::cerr << err->render() << '\n';
    return 1;
  }
  const corvid::app::Loaded ready{config, std::get<0>(compiled)};
  // Keys in wildlsearch files are expansion strings; outside a message they
  // see the configuration's variables.
  auto key_ctx = std::make_shared<corvid::config::ConfigContext>(config);
  corvid::lookup::set_key_expander(
      [key_ctx](std::string_view in, std::string& out, std::string& err) {
        return corvid::expand::expand_to(in, *key_ctx, out, err);
      });
  if (cl.mode == "-be" || cl.mode == "-bem") {
    return corvid::app::run_be(cl, ready);
  }
  if (cl.mode == "-bP") {
    return corvid::app::run_bP(cl, *config);
  }
  if (cl.mode == "-bp" || cl.mode == "-bpu" || cl.mode == "-bpr" || cl.mode == "-bpru") {
    return corvid::app::run_bp(cl, *config);
  }
  if (cl.mode == "-bpc") return corvid::app::run_bpc(cl, *config);
  if (cl.mode == "-bm") return corvid::app::run_bm(cl, ready);
  if (cl.mode == "-M" || cl.mode == "-q" || cl.mode == "-qf" || cl.mode == "-qff") {
    return corvid::app::run_deliver(cl, ready);
  }
  if (cl.mode == "-bt") return corvid::app::run_bt(cl, ready, false);
  if (cl.mode == "-brw") return corvid::app::run_brw(cl, ready);
  if (cl.mode == "-brt") return corvid::app::run_brt(cl, ready);
  if (cl.mode == "-bv") return corvid::app::run_bt(cl, ready, true);
  if (cl.mode == "-bd" || cl.mode == "-bdf") return corvid::app::run_bd(cl, ready);
  if (cl.mode == "-bs") return corvid::app::run_bs(cl, ready);
  if (cl.mode == "-bh") return corvid::app::run_bh(cl, ready);
  if (cl.mode == "-Mrm") return corvid::app::run_Mrm(cl, *config);
  if (cl.mode == "-Mf" || cl.mode == "-Mt" || cl.mode == "-Mar" || cl.mode == "-Mmd") {
    return corvid::app::run_edit(cl, ready);
  }
  if (cl.mode == "-Mvh") return corvid::app::run_Mvh(cl, *config);
  if (cl.mode == "-Mvb") return corvid::app::run_Mvb(cl, *config);
  if (cl.mode == "-Mvl") return corvid::app::run_Mvl(cl, *config);
  if (cl.mode == "-bV" || cl.mode.empty()) {
    return corvid::app::run_bV(cl, *config);
  }
  std::cerr << "corvid: " << cl.mode << " is not yet supported\n";
  return 1;
}

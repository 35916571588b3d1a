#include "expand/evaluator.hpp"

#include "expand/items.hpp"
#include "expand/parser.hpp"

namespace corvid::expand {

namespace {

// Deeper nesting than this is refused rather than risking the stack
// (${expand:...} and ${sg} can nest expansions at run time).
constexpr int kMaxDepth = 200;

}  // namespace

bool Evaluator::error(std::string message) {
  if (status_ == Status::ok) {
    status_ = Status::error;
    message_ = std::move(message);
  }
  return false;
}

bool Evaluator::forced_fail(std::string message) {
  if (status_ == Status::ok) {
    status_ = Status::forced_fail;
    message_ = std::move(message);
  }
  return false;
}

void Evaluator::set_local(std::string_view name, TString v) {
  for (auto& [n, value] : locals_) {
    if (n == name) {
      value = std::move(v);
      return;
    }
  }
  locals_.emplace_back(std::string(name), std::move(v));
}

void Evaluator::unset_local(std::string_view name) {
  std::erase_if(locals_, [&](const auto& p) { return p.first == name; });
}

bool Evaluator::eval_append(const Seq& seq, TString& out) {
  if (++depth_ > kMaxDepth) {
    --depth_;
    return error("expansion nested too deeply");
  }
  bool ok = true;
  for (const Part& part : seq.parts) {
    if (!eval_part(part, out)) {
      ok = false;
      break;
    }
  }
  --depth_;
  return ok;
}

bool Evaluator::eval_part(const Part& part, TString& out) {
  switch (part.kind) {
    case PartKind::literal:
      out.text.append(part.text);
      return true;
    case PartKind::variable:
      return eval_variable(part, out);
    case PartKind::numeric:
      if (part.number >= 0 && static_cast<size_t>(part.number) < numeric.size()) {
        out.append(numeric[part.number]);
      }
      return true;
    case PartKind::header: {
      TString value;
      if (ctx_.header(part.text, part.header_mode, value)) {
        out.append(value);
      }
      return true;
    }
    case PartKind::op:
      return eval_operator(part, out);
    case PartKind::item:
      return eval_item(*part.item, out);
  }
  return true;
}

bool Evaluator::eval_variable(const Part& part, TString& out) {
  const std::string& name = part.text;
  if (name == "value") {
    if (value) out.append(*value);
    return true;
  }
  if (name == "runrc") {
    out.append(std::to_string(runrc));
    return true;
  }
  if (name == "item") {
    if (item) out.append(*item);
    return true;
  }
  for (const auto& [n, v] : locals_) {
    if (n == name) {
      out.append(v);
      return true;
    }
  }
  TString v;
  if (ctx_.variable(name, v) == VarStatus::unknown) {
    std::string hint = name.starts_with("acl_")
                           ? " (user-defined ACL variables must start acl_c or acl_m)"
                           : "";
    if (part.number == 1) {
      return error("unknown variable in \"${" + name + "}\"" + hint);
    }
    return error("unknown variable name \"" + name + "\"" + hint);
  }
  out.append(v);
  return true;
}

bool Evaluator::eval_operator(const Part& part, TString& out) {
  TString arg;
  if (!eval(*part.arg, arg)) return false;
  TString result;
  result.tainted = arg.tainted;
  OpCall call{part.text, part.suffix, arg, result, ctx_, {}};
  if (++depth_ > kMaxDepth) {
    --depth_;
    return error("expansion nested too deeply");
  }
  bool ok = part.op->fn(call);
  --depth_;
  if (!ok) {
    return error(std::move(call.error));
  }
  cut_at_nul(result);
  out.append(result);
  return true;
}

bool Evaluator::eval_yesno(const ItemNode& node, bool chosen, const TString& dflt_yes,
                           TString& out) {
  const YesNo& yn = node.yesno;
  if (chosen) {
    if (yn.yes) return eval_append(*yn.yes, out);
    out.append(dflt_yes);
    return true;
  }
  if (yn.fail) {
    return forced_fail("\"" + node.name + "\" failed and \"fail\" requested");
  }
  if (yn.no) return eval_append(*yn.no, out);
  return true;
}

bool Evaluator::eval_item(const ItemNode& node, TString& out) {
  switch (node.id) {
    case ItemId::if_: return item_if(*this, node, out);
    case ItemId::lookup: return item_lookup(*this, node, out);
    case ItemId::env: return item_env(*this, node, out);
    case ItemId::substr: return item_substr(*this, node, out);
    case ItemId::length: return item_length(*this, node, out);
    case ItemId::hash: return item_hash(*this, node, out);
    case ItemId::nhash: return item_nhash(*this, node, out);
    case ItemId::hmac: return item_hmac(*this, node, out);
    case ItemId::sg: return item_sg(*this, node, out);
    case ItemId::tr: return item_tr(*this, node, out);
    case ItemId::map: return item_map(*this, node, out);
    case ItemId::filter: return item_filter(*this, node, out);
    case ItemId::reduce: return item_reduce(*this, node, out);
    case ItemId::sort: return item_sort(*this, node, out);
    case ItemId::listextract: return item_listextract(*this, node, out);
    case ItemId::listquote: return item_listquote(*this, node, out);
    case ItemId::extract: return item_extract(*this, node, out);
    case ItemId::readfile: return item_readfile(*this, node, out);
    case ItemId::readsocket: return item_readsocket(*this, node, out);
    case ItemId::run: return item_run(*this, node, out);
    case ItemId::prvs: return item_prvs(*this, node, out);
    case ItemId::prvscheck: return item_prvscheck(*this, node, out);
    case ItemId::srs_encode: return item_srs_encode(*this, node, out);
    case ItemId::authresults: return item_authresults(*this, node, out);
    case ItemId::imapfolder: return item_imapfolder(*this, node, out);
    case ItemId::acl: return item_acl(*this, node, out);
    case ItemId::certextract:
    case ItemId::dlfunc:
    case ItemId::perl:
      return item_unsupported(*this, node, out);
  }
  return true;
}

// ---- the public API (expansion.hpp) ----------------------------------------

Expansion::Expansion() = default;
Expansion::~Expansion() = default;
Expansion::Expansion(Expansion&&) noexcept = default;
Expansion& Expansion::operator=(Expansion&&) noexcept = default;

Expansion compile(std::string_view text) {
  Expansion e;
  e.source_.assign(text);
  e.literal_ = text.find_first_of("$\\") == std::string_view::npos;
  e.tree_ = std::make_unique<Tree>();
  e.failed_ = !parse_expansion(text, *e.tree_, e.error_);
  return e;
}

Result expand(const Expansion& expansion, const Context& ctx) {
  return expand(expansion, ctx, {});
}

Result expand(const Expansion& expansion, const Context& ctx, std::vector<TString> numeric) {
  Result r;
  if (!expansion.ok()) {
    r.status = Status::error;
    r.message = expansion.parse_error();
    return r;
  }
  if (expansion.is_literal()) {
    r.value.text = expansion.source();
    return r;
  }
  Evaluator ev(ctx);
  ev.numeric = std::move(numeric);
  if (!ev.eval(expansion.tree()->seq, r.value)) {  // eval() cuts at a NUL
    r.status = ev.status();
    r.message = ev.message();
    r.value.clear();
  }
  return r;
}

Result expand_string(std::string_view text, const Context& ctx) {
  return expand(compile(text), ctx);
}

bool expand_to(std::string_view text, const Context& ctx, std::string& out, std::string& error) {
  Result r = expand_string(text, ctx);
  if (!r.ok()) {
    error = std::move(r.message);
    return false;
  }
  out = std::move(r.value.text);
  return true;
}

}  // namespace corvid::expand

// Evaluation of the expansion items, one function per item, grouped by
// theme in items_*.cpp. Each appends its result to `out` and returns false
// on failure, with the reason recorded in the Evaluator.
#pragma once

#include "expand/ast.hpp"
#include "expand/evaluator.hpp"

namespace corvid::expand {

// items_core.cpp
bool item_if(Evaluator& ev, const ItemNode& node, TString& out);
bool item_lookup(Evaluator& ev, const ItemNode& node, TString& out);
bool item_env(Evaluator& ev, const ItemNode& node, TString& out);

// items_strings.cpp
bool item_substr(Evaluator& ev, const ItemNode& node, TString& out);
bool item_length(Evaluator& ev, const ItemNode& node, TString& out);
bool item_hash(Evaluator& ev, const ItemNode& node, TString& out);
bool item_nhash(Evaluator& ev, const ItemNode& node, TString& out);
bool item_hmac(Evaluator& ev, const ItemNode& node, TString& out);
bool item_sg(Evaluator& ev, const ItemNode& node, TString& out);
bool item_tr(Evaluator& ev, const ItemNode& node, TString& out);

// items_lists.cpp
bool item_map(Evaluator& ev, const ItemNode& node, TString& out);
bool item_filter(Evaluator& ev, const ItemNode& node, TString& out);
bool item_reduce(Evaluator& ev, const ItemNode& node, TString& out);
bool item_sort(Evaluator& ev, const ItemNode& node, TString& out);
bool item_listextract(Evaluator& ev, const ItemNode& node, TString& out);
bool item_listquote(Evaluator& ev, const ItemNode& node, TString& out);

// items_io.cpp
bool item_readfile(Evaluator& ev, const ItemNode& node, TString& out);
bool item_readsocket(Evaluator& ev, const ItemNode& node, TString& out);
bool item_run(Evaluator& ev, const ItemNode& node, TString& out);

// items_misc.cpp
bool item_prvs(Evaluator& ev, const ItemNode& node, TString& out);
bool item_prvscheck(Evaluator& ev, const ItemNode& node, TString& out);
bool item_authresults(Evaluator& ev, const ItemNode& node, TString& out);
bool item_acl(Evaluator& ev, const ItemNode& node, TString& out);
bool item_unsupported(Evaluator& ev, const ItemNode& node, TString& out);

// items_srs.cpp (the inbound_srs condition is Evaluator::eval_inbound_srs)
bool item_srs_encode(Evaluator& ev, const ItemNode& node, TString& out);

// items_extract.cpp
bool item_extract(Evaluator& ev, const ItemNode& node, TString& out);

// items_imap.cpp
bool item_imapfolder(Evaluator& ev, const ItemNode& node, TString& out);

// Shared helpers for items and conditions.
// Parses a decimal integer as Exim's items do (optional sign, surrounding
// white space rejected). False if `text` is not a number.
bool parse_item_int(std::string_view text, long& value);

}  // namespace corvid::expand

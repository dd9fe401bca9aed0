// `barometer users add|disable|reset-password|list` and `barometer audit
// verify`: the web application's accounts and its audit log
// (docs/server.md). Passwords are read from a file or standard input, never
// from the command line (where `ps` and shell history would show them).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/measures_common.h"
#include "measures/store.h"
#include "server/accounts.h"
#include "server/audit.h"

namespace barometer::cli {
namespace {

struct UsersArgs {
  std::string action;
  std::string name;
  std::string db = measures::kDefaultStorePath;
  std::vector<std::string> roles;
  std::string strategy;
  std::string password_file;
  std::string format = "text";
};

int Fail(const char* cmd, const Status& s) {
  PrintError(cmd, s);
  return ExitCodeFor(s);
}

// The first line of the file (or of standard input for "" or "-").
std::optional<std::string> ReadPassword(const std::string& file) {
  std::string line;
  if (file.empty() || file == "-") {
    if (!std::getline(std::cin, line)) return std::nullopt;
  } else {
    std::ifstream in(file);
    if (!in || !std::getline(in, line)) return std::nullopt;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

void AuditCli(measures::Store& store, const std::string& action, const std::string& object,
              const std::string& after) {
  server::AuditEntry e;
  e.at = NowUtc();
  e.user = UserName();
  e.role = "cli";
  e.action = action;
  e.object = object;
  e.after = after;
  e.address = "local";
  if (Status s = server::AppendAudit(store, e); !s.ok()) {
    std::fprintf(stderr, "barometer users: the audit log could not be written: %s\n",
                 s.message().c_str());
  }
}

int RunUsers(const UsersArgs& a) {
  std::string command = "users " + a.action;
  const char* cmd = command.c_str();
  if (Status s = server::InitCrypto(); !s.ok()) return Fail(cmd, s);
  if (a.action != "list" && a.name.empty()) {
    std::fprintf(stderr, "barometer %s: give the user name\n", cmd);
    return kExitUsage;
  }
  auto store = measures::Store::Open(
      a.db, a.action == "add" ? measures::Store::kCreate : measures::Store::kMustExist);
  if (!store.ok()) return Fail(cmd, store.status());
  server::Accounts accounts(*store);
  if (a.action == "list") {
    auto users = accounts.List();
    if (!users.ok()) return Fail(cmd, users.status());
    if (a.format == "json") {
      nlohmann::ordered_json j = nlohmann::ordered_json::array();
      for (const auto& u : *users) {
        nlohmann::ordered_json roles = nlohmann::ordered_json::array();
        for (const auto& g : u.grants) {
          roles.push_back({{"role", server::RoleName(g.role)}, {"scope", g.scope}});
        }
        j.push_back({{"name", u.name},
                     {"disabled", u.disabled},
                     {"created_at", u.created_at},
                     {"roles", roles}});
      }
      Print(j.dump(2) + "\n");
      return kExitOk;
    }
    std::string out;
    for (const auto& u : *users) {
      out += fmt::format("{}{}: {}\n", u.name, u.disabled ? " (disabled)" : "",
                         u.AsPrincipal().RolesText());
    }
    Print(out.empty() ? "no users\n" : out);
    return kExitOk;
  }
  if (a.action == "disable") {
    if (Status s = accounts.Disable(a.name, NowUtc()); !s.ok()) return Fail(cmd, s);
    AuditCli(*store, "user_disable", "user:" + a.name, "disabled");
    Print(fmt::format("{} disabled; their sessions ended\n", a.name));
    return kExitOk;
  }
  std::optional<std::string> password = ReadPassword(a.password_file);
  if (!password) {
    std::fprintf(stderr,
                 "barometer %s: no password: give it on standard input or in "
                 "--password-file\n",
                 cmd);
    return kExitUsage;
  }
  if (a.action == "reset-password") {
    if (Status s = accounts.SetPassword(a.name, *password, NowUtc()); !s.ok()) return Fail(cmd, s);
    AuditCli(*store, "user_password", "user:" + a.name, "reset");
    Print(fmt::format("{}: password changed; their sessions ended\n", a.name));
    return kExitOk;
  }
  // add
  std::optional<strategy::Strategy> s;
  if (!a.strategy.empty()) {
    int rc = kExitOk;
    s = LoadStrategy(cmd, a.strategy, &rc);
    if (!s) return rc;
  }
  std::vector<server::Grant> grants;
  for (const std::string& text : a.roles) {
    size_t colon = text.find(':');
    std::string role = text.substr(0, colon);
    std::string scope = colon == std::string::npos ? "" : text.substr(colon + 1);
    std::optional<server::Role> r = server::ParseRole(role);
    if (!r) {
      std::fprintf(stderr,
                   "barometer %s: unknown role `%s`; expected admin, analyst, board, "
                   "committee_chair:<committee>, committee_member:<committee>, owner:<role id> "
                   "or delegate:<role id>\n",
                   cmd, role.c_str());
      return kExitUsage;
    }
    if (s && !scope.empty()) {
      bool committee = *r == server::Role::kCommitteeChair || *r == server::Role::kCommitteeMember;
      bool known = committee ? (strategy::FindCommittee(*s, scope) != nullptr || scope == "board")
                             : strategy::FindRole(*s, scope) != nullptr;
      if (!known) {
        std::fprintf(stderr, "barometer %s: `%s` is not a %s of %s\n", cmd, scope.c_str(),
                     committee ? "committee" : "role", a.strategy.c_str());
        return kExitFindings;
      }
    }
    grants.push_back({*r, scope});
  }
  auto id = accounts.AddUser(a.name, *password, grants, NowUtc());
  if (!id.ok()) return Fail(cmd, id.status());
  std::string roles = server::Principal{*id, a.name, grants}.RolesText();
  AuditCli(*store, "user_add", "user:" + a.name, roles);
  Print(fmt::format("{} added: {}\n", a.name, roles));
  return kExitOk;
}

struct AuditArgs {
  std::string db = measures::kDefaultStorePath;
  std::string format = "text";
};

int RunAuditVerify(const AuditArgs& a) {
  const char* cmd = "audit verify";
  auto store = measures::Store::Open(a.db, measures::Store::kMustExist);
  if (!store.ok()) return Fail(cmd, store.status());
  auto v = server::VerifyAudit(*store);
  if (!v.ok()) return Fail(cmd, v.status());
  if (a.format == "json") {
    nlohmann::ordered_json j;
    j["entries"] = v->entries;
    j["head_hash"] = v->head_hash;
    j["ok"] = v->ok();
    j["problems"] = v->problems;
    Print(j.dump(2) + "\n");
  } else {
    std::string out;
    for (const std::string& p : v->problems) out += a.db + ": " + p + "\n";
    out += fmt::format("{}: {} entries, {}; head hash {}\n", a.db, v->entries,
                       v->ok() ? "the chain verifies" : "THE CHAIN DOES NOT VERIFY", v->head_hash);
    Print(out);
  }
  return v->ok() ? kExitOk : kExitFindings;
}

}  // namespace

void RegisterUsersCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<UsersArgs>();
  auto* sub = app.add_subcommand(
      "users",
      "Accounts of the web application (docs/server.md): add, disable, reset-password, list. "
      "Passwords come from standard input or --password-file, never the command line");
  sub->add_option("action", args->action, "add, disable, reset-password or list")
      ->required()
      ->check(CLI::IsMember({"add", "disable", "reset-password", "list"}));
  sub->add_option("name", args->name, "The user name");
  sub->add_option("--db", args->db, "The store (SQLite)")->capture_default_str();
  sub->add_option("--role", args->roles,
                  "add: a role, repeatable: admin, analyst, board, committee_chair:<committee>, "
                  "committee_member:<committee>, owner:<strategy role id>, delegate:<strategy "
                  "role id>");
  sub->add_option("--strategy", args->strategy, "add: check the roles' scopes against it");
  sub->add_option("--password-file", args->password_file,
                  "add, reset-password: read the password from the first line of this file "
                  "(default: standard input)");
  sub->add_option("--format", args->format, "list as text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sub->footer(kExitCodeHelp);
  sub->callback([args, exit_code] { *exit_code = RunUsers(*args); });
}

void RegisterAuditCommand(CLI::App& app, int* exit_code) {
  auto* audit = app.add_subcommand("audit", "The web application's audit log (docs/server.md)");
  audit->require_subcommand(1);
  auto args = std::make_shared<AuditArgs>();
  auto* verify = audit->add_subcommand(
      "verify",
      "Checks the audit log's hash chain: finds an entry edited, deleted or moved; prints the "
      "head hash to keep elsewhere. Exit 1 when the chain does not verify");
  verify->add_option("--db", args->db, "The store (SQLite)")->capture_default_str();
  verify->add_option("--format", args->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  verify->footer(kExitCodeHelp);
  verify->callback([args, exit_code] { *exit_code = RunAuditVerify(*args); });
}

}  // namespace barometer::cli

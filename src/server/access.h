// server/access.h — who may do what: EVERY access decision of the web
// application is made by Decide() below, from one table (access.cc). Roles
// are scoped to parts of the strategy, as trusts' performance tools scope them:
//
//   role              scope                 may
//   admin             —                     accounts, the audit log (read, export)
//   analyst           —                     read everything; open and lock periods
//   board             —                     read everything
//   committee_chair   a committee id        read; review the updates of the
//   committee_member  a committee id          measures and objectives it oversees;
//                                           the chair writes the committee's report
//   owner             a strategy role id    read; submit updates for the measures and
//   delegate          a strategy role id      objectives that role owns
//   public            (no login)            read a period only once it is locked and
//                                           its Board pack published; published packs
//
// No decision reads a request header: who someone is comes from their
// session (server/accounts.h), what an object is from the strategy.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace barometer::server {

enum class Role { kAdmin, kAnalyst, kBoard, kCommitteeChair, kCommitteeMember, kOwner, kDelegate };
std::string_view RoleName(Role r);  // "admin", "analyst", "board", "committee_chair", ...
std::optional<Role> ParseRole(std::string_view s);
// The committee roles take a committee id, owner and delegate a role id of
// the strategy; the others no scope.
bool RoleTakesScope(Role r);

struct Grant {
  Role role = Role::kBoard;
  std::string scope;  // committee id or strategy role id; empty when the role has none
};

// Who is asking. No grants and no user: the public.
struct Principal {
  long long user_id = 0;  // 0: not signed in
  std::string name;
  std::vector<Grant> grants;
  bool signed_in() const { return user_id != 0; }
  // "owner:chief_nurse, board" — for the audit log.
  std::string RolesText() const;
};

enum class Action {
  kReadRecord,      // summary, measure pages, their JSON (object: the period)
  kReadCompletion,  // who has and has not submitted
  kReadMyUpdates,   // the owner's list
  kEditUpdate,      // submit an update for a measure or objective (object: it)
  kReviewUpdate,    // accept or return an update (object: the measure or objective)
  kOpenPeriod,
  kLockPeriod,
  kReadAudit,        // view and export the audit log
  kCommitteeReport,  // the chair's alert / advise / assure report (object: its committee)
  kGeneratePack,     // make the Board pack from a locked period's record
  kReadPack,         // read and download the Board pack (object: the period, published or not)
  kPublishPack,      // make the pack public
};
std::string_view ActionName(Action a);

// What an action is about, as the strategy places it.
struct Object {
  std::string owner_role;    // the strategy role owning the measure or objective
  std::string committee_id;  // the committee overseeing it
  bool period_locked = false;
  bool published = false;  // the period's Board pack is published
};

struct Decision {
  bool allowed = false;
  std::string reason;  // why not, in words for the page (empty when allowed)
};

// THE access decision.
Decision Decide(const Principal& who, Action action, const Object& object);

}  // namespace barometer::server

// server/access.cc — the one access table (access.h).
#include "server/access.h"

#include <array>

namespace barometer::server {
namespace {

// What each role may do, and whether the object must be in the role's scope.
enum class Rule { kNo, kYes, kInScope };

constexpr int kRoles = 7;
constexpr int kActions = 12;

// Rows: actions in Action order; columns: roles in Role order
// (admin, analyst, board, chair, member, owner, delegate).
constexpr std::array<std::array<Rule, kRoles>, kActions> kTable = {{
    // kReadRecord
    {Rule::kYes, Rule::kYes, Rule::kYes, Rule::kYes, Rule::kYes, Rule::kYes, Rule::kYes},
    // kReadCompletion
    {Rule::kYes, Rule::kYes, Rule::kYes, Rule::kYes, Rule::kYes, Rule::kNo, Rule::kNo},
    // kReadMyUpdates
    {Rule::kNo, Rule::kNo, Rule::kNo, Rule::kNo, Rule::kNo, Rule::kYes, Rule::kYes},
    // kEditUpdate
    {Rule::kNo, Rule::kNo, Rule::kNo, Rule::kNo, Rule::kNo, Rule::kInScope, Rule::kInScope},
    // kReviewUpdate
    {Rule::kNo, Rule::kNo, Rule::kNo, Rule::kInScope, Rule::kInScope, Rule::kNo, Rule::kNo},
    // kOpenPeriod
    {Rule::kNo, Rule::kYes, Rule::kNo, Rule::kNo, Rule::kNo, Rule::kNo, Rule::kNo},
    // kLockPeriod
    {Rule::kNo, Rule::kYes, Rule::kNo, Rule::kNo, Rule::kNo, Rule::kNo, Rule::kNo},
    // kReadAudit
    {Rule::kYes, Rule::kNo, Rule::kNo, Rule::kNo, Rule::kNo, Rule::kNo, Rule::kNo},
    // kCommitteeReport
    {Rule::kNo, Rule::kNo, Rule::kNo, Rule::kInScope, Rule::kNo, Rule::kNo, Rule::kNo},
    // kGeneratePack
    {Rule::kYes, Rule::kYes, Rule::kNo, Rule::kNo, Rule::kNo, Rule::kNo, Rule::kNo},
    // kReadPack (before it is published; once published, everyone)
    {Rule::kYes, Rule::kYes, Rule::kYes, Rule::kYes, Rule::kYes, Rule::kNo, Rule::kNo},
    // kPublishPack
    {Rule::kNo, Rule::kYes, Rule::kNo, Rule::kNo, Rule::kNo, Rule::kNo, Rule::kNo},
}};

constexpr std::array<std::string_view, kRoles> kRoleNames = {
    "admin", "analyst", "board", "committee_chair", "committee_member", "owner", "delegate"};

bool InScope(const Grant& g, const Object& o) {
  switch (g.role) {
    case Role::kCommitteeChair:
    case Role::kCommitteeMember:
      return !g.scope.empty() && g.scope == o.committee_id;
    case Role::kOwner:
    case Role::kDelegate:
      // "unnamed" is the strategy saying no one owns it: no one's scope.
      return !g.scope.empty() && g.scope == o.owner_role && o.owner_role != "unnamed";
    default:
      return false;
  }
}

}  // namespace

std::string_view RoleName(Role r) { return kRoleNames[static_cast<int>(r)]; }

std::optional<Role> ParseRole(std::string_view s) {
  for (int i = 0; i < kRoles; ++i) {
    if (kRoleNames[i] == s) return static_cast<Role>(i);
  }
  return std::nullopt;
}

bool RoleTakesScope(Role r) {
  return r == Role::kCommitteeChair || r == Role::kCommitteeMember || r == Role::kOwner ||
         r == Role::kDelegate;
}

std::string Principal::RolesText() const {
  if (!signed_in()) return "public";
  std::string out;
  for (const Grant& g : grants) {
    if (!out.empty()) out += ", ";
    out += RoleName(g.role);
    if (!g.scope.empty()) out += ":" + g.scope;
  }
  return out.empty() ? "none" : out;
}

std::string_view ActionName(Action a) {
  static constexpr std::array<std::string_view, kActions> kNames = {
      "read_record",      "read_completion", "read_my_updates", "edit_update",
      "review_update",    "open_period",     "lock_period",     "read_audit",
      "committee_report", "generate_pack",   "read_pack",       "publish_pack"};
  return kNames[static_cast<int>(a)];
}

Decision Decide(const Principal& who, Action action, const Object& object) {
  // A published pack is public: anyone may read it.
  if (action == Action::kReadPack && object.published) return {true, ""};
  if (!who.signed_in()) {
    // The public reads only what the Board has seen and the trust has
    // published: a locked period whose Board pack is published.
    if (action == Action::kReadRecord && object.period_locked && object.published) {
      return {true, ""};
    }
    return {false, "sign in to see this"};
  }
  bool in_role = false;
  for (const Grant& g : who.grants) {
    Rule rule = kTable[static_cast<int>(action)][static_cast<int>(g.role)];
    if (rule == Rule::kYes) return {true, ""};
    if (rule == Rule::kInScope) {
      in_role = true;
      if (InScope(g, object)) return {true, ""};
    }
  }
  if (in_role) return {false, "this is outside the part of the strategy your role covers"};
  return {false, "your role does not allow this"};
}

}  // namespace barometer::server

// strategy/internal/field_text.h — every key of one table as text, for diff.
//
// FieldTextsOf(s, element) visits the element's keys (internal/fields.h) and
// returns each as the text a reader compares: scalars as one text, lists of
// strings as their items. References to roles and committees show their
// names but compare by id, so a role's new post holder is one change (on the
// role), not one on every objective it owns. Nested lists of tables (targets,
// unit objectives), baselines and `todo` notes are left out: diff compares
// those itself, or not at all.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/number.h"
#include "strategy/internal/describe.h"
#include "strategy/internal/fields.h"

namespace barometer::strategy::internal {

struct FieldText {
  std::string key;
  bool list = false;
  std::string text;                // a scalar as shown ("" when absent)
  std::string compared;            // what decides whether it changed (an id for references)
  std::vector<std::string> items;  // a list's items
};

class FieldTexts {
 public:
  explicit FieldTexts(const Strategy& s) : s_(s) {}

  std::vector<FieldText> out;

  void operator()(std::string_view key, const std::string& v, unsigned = 0) {
    std::string shown = v;
    if (key == "owner" || key == "lead" || key == "chair" || key == "holder") {
      shown = v.empty() ? v : RoleName(s_, v);
    } else if (key == "committee") {
      shown = CommitteeName(s_, v);
    }
    Scalar(key, shown, v);
  }
  void operator()(std::string_view key, int v, unsigned = 0) { Scalar(key, std::to_string(v)); }
  void operator()(std::string_view key, bool v, unsigned = 0) { Scalar(key, v ? "yes" : "no"); }
  void operator()(std::string_view key, double v, unsigned = 0) { Scalar(key, FormatShortest(v)); }
  void operator()(std::string_view key, const Date& v, unsigned = 0) { Scalar(key, v.ToString()); }
  void operator()(std::string_view key, const NumberRange& v, unsigned = 0) {
    Scalar(key, FormatShortest(v.min) + " to " + FormatShortest(v.max));
  }
  template <typename E>
  requires std::is_enum_v<E>
  void operator()(std::string_view key, E v, unsigned = 0) { Scalar(key, Humanise(EnumName(v))); }
  template <typename T>
  void operator()(std::string_view key, const std::optional<T>& v, unsigned f = 0) {
    if (v) return (*this)(key, *v, f);
    Scalar(key, "");
  }
  void operator()(std::string_view key, const std::vector<std::string>& v, unsigned = 0) {
    if (key == "todo") return;
    out.push_back({std::string(key), true, {}, {}, v});
  }
  void operator()(std::string_view key, const std::vector<Date>& v, unsigned = 0) {
    std::string t;
    for (const Date& d : v) t += (t.empty() ? "" : ", ") + d.ToString();
    Scalar(key, t);
  }
  void operator()(std::string_view, const Baseline&, unsigned = 0) {}
  void operator()(std::string_view key, const MeasureSourceKey& m, unsigned = 0) {
    if (m.binding) return (*this)(key, *m.binding);
    Scalar(key, m.text);
  }
  void operator()(std::string_view key, const RiskScore& r, unsigned = 0) {
    Scalar(key, std::to_string(r.likelihood) + " × " + std::to_string(r.consequence) + " = " +
                    std::to_string(r.Score()));
  }
  void operator()(std::string_view key, const StrategyPeriod& p, unsigned = 0) {
    Scalar(key, p.start.ToString() + " to " + p.end.ToString());
  }
  // Any other nested table (an SPC setting, the cascade): "key value; ...".
  template <typename T>
  requires std::is_base_of_v<Element, T>
  void operator()(std::string_view key, const T& e, unsigned = 0) {
    FieldTexts inner(s_);
    VisitFields(inner, const_cast<T&>(e));
    std::string t;
    for (const FieldText& f : inner.out) {
      std::string v = f.list ? Join(f.items) : f.text;
      if (!v.empty()) t += (t.empty() ? "" : "; ") + f.key + " " + v;
    }
    Scalar(key, t);
  }
  template <typename T>
  requires std::is_base_of_v<Element, T>
  void operator()(std::string_view, const std::vector<T>&, unsigned = 0) {}

 private:
  void Scalar(std::string_view key, std::string text) {
    std::string compared = text;
    Scalar(key, std::move(text), std::move(compared));
  }
  void Scalar(std::string_view key, std::string text, std::string compared) {
    out.push_back({std::string(key), false, std::move(text), std::move(compared), {}});
  }
  static std::string Join(const std::vector<std::string>& items) {
    std::string t;
    for (const std::string& i : items) t += (t.empty() ? "" : ", ") + i;
    return t;
  }

  const Strategy& s_;
};

// The keys of `e` as text, in the file format's order.
template <typename T>
std::vector<FieldText> FieldTextsOf(const Strategy& s, const T& e) {
  FieldTexts v(s);
  VisitFields(v, const_cast<T&>(e));
  return std::move(v.out);
}

}  // namespace barometer::strategy::internal

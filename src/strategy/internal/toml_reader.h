// strategy/internal/toml_reader.h — reads a parsed TOML table into the model,
// one table at a time, reporting every schema problem (unknown key, missing
// key, wrong type, bad enum value) as a diagnostic at the key's or value's
// own line and column. Meaning across tables (references, periods) is
// checked afterwards on the model (checks.h).
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <toml++/toml.h>

#include "core/diagnostics.h"
#include "core/text.h"
#include "strategy/internal/fields.h"
#include "strategy/strategy.h"

namespace barometer::strategy {

// Reads the root table of a strategy file. Never throws.
Strategy ReadStrategy(const toml::table& root, std::string_view file, Diagnostics& diags);

namespace internal {

SourceLocation LocationOf(const toml::source_region& r, std::string_view file);
// "a string", "an integer", ... for messages.
std::string_view TypeName(const toml::node& n);

template <typename T>
concept IsEnum = std::is_enum_v<T>;

// True for the model's table types (those VisitFields knows).
struct FieldProbe {
  template <typename T>
  void operator()(std::string_view, T&, unsigned = 0) {}
};
template <typename T>
concept IsTable = requires(FieldProbe& p, T& t) {
  VisitFields(p, t);
};

// Visits one TOML table. Each call names a key the table may have; Finish()
// reports the keys that were never named.
class TomlReader {
 public:
  // `path` is the table's dotted name ("measures.targets"); `context` how
  // messages name it ("in [[measures.targets]]", "at the top level").
  TomlReader(const toml::table& table, std::string path, std::string context, std::string_view file,
             Diagnostics& diags, Element& element);

  void operator()(std::string_view key, std::string& out, unsigned flags = kOptional);
  void operator()(std::string_view key, int& out, unsigned flags = kOptional);
  void operator()(std::string_view key, std::optional<int>& out, unsigned flags = kOptional);
  void operator()(std::string_view key, std::optional<double>& out, unsigned flags = kOptional);
  void operator()(std::string_view key, bool& out, unsigned flags = kOptional);
  void operator()(std::string_view key, Date& out, unsigned flags = kOptional);
  void operator()(std::string_view key, std::optional<Date>& out, unsigned flags = kOptional);
  void operator()(std::string_view key, std::vector<std::string>& out, unsigned flags = kOptional);
  void operator()(std::string_view key, std::vector<Date>& out, unsigned flags = kOptional);
  void operator()(std::string_view key, std::optional<NumberRange>& out,
                  unsigned flags = kOptional);
  void operator()(std::string_view key, Baseline& out, unsigned flags = kOptional);
  // A measure's `source`: a description string, or a [measures.source] table.
  void operator()(std::string_view key, MeasureSourceKey& out, unsigned flags = kOptional);

  template <IsEnum E>
  void operator()(std::string_view key, std::optional<E>& out, unsigned flags = kOptional) {
    const toml::node* n = Get(key, flags);
    if (n == nullptr) return;
    const auto* s = n->as_string();
    if (s == nullptr) return WrongType(key, *n, "a string", EnumHint(key, EnumNames<E>()));
    out = ParseEnum<E>(s->get());
    if (!out) BadEnum(key, *n, s->get(), EnumNames<E>());
  }

  template <IsTable T>
  void operator()(std::string_view key, T& out, unsigned flags = kOptional) {
    if (const toml::table* t = GetTable(key, flags)) ReadChild(key, *t, out);
  }

  template <IsTable T>
  void operator()(std::string_view key, std::optional<T>& out, unsigned flags = kOptional) {
    if (const toml::table* t = GetTable(key, flags)) ReadChild(key, *t, out.emplace());
  }

  template <IsTable T>
  void operator()(std::string_view key, std::vector<T>& out, unsigned flags = kOptional) {
    const toml::array* a = GetArrayOfTables(key, flags);
    if (a == nullptr) return;
    for (const toml::node& item : *a) {
      T& element = out.emplace_back();
      ReadElement(key, *item.as_table(), element, "in [[" + ChildPath(key) + "]]");
    }
  }

  // Reports unknown keys (with a suggestion among the known ones).
  void Finish();

 private:
  // The key's node, or nullptr (reporting it when required and absent).
  const toml::node* Get(std::string_view key, unsigned flags);
  const toml::table* GetTable(std::string_view key, unsigned flags);
  const toml::array* GetArrayOfTables(std::string_view key, unsigned flags);
  std::optional<int> IntOf(std::string_view key, const toml::node& n);
  std::optional<double> NumberOf(std::string_view key, const toml::node& n);
  std::optional<Date> DateOf(std::string_view key, const toml::node& n);
  void WrongType(std::string_view key, const toml::node& n, std::string_view expected,
                 std::string hint = {});
  void BadEnum(std::string_view key, const toml::node& n, std::string_view value,
               const std::vector<std::string>& allowed);
  void Empty(std::string_view key, const toml::node& n);
  // "write one of: a, b, c (e.g. key = \"a\")".
  static std::string EnumHint(std::string_view key, const std::vector<std::string>& allowed);
  // The hint for an unknown key (`close` is the closest known key).
  std::string UnknownKeyHint(std::string_view key, const std::optional<std::string>& close) const;
  // For a number where a string belongs: "write it in quotes: key = \"7\"".
  static std::string StringHint(std::string_view key, const toml::node& n);
  // " (id `x`)" when the table has a string id, for messages at its header.
  std::string IdSuffix() const;
  std::string ChildPath(std::string_view key) const;
  SourceLocation Where(const toml::node& n) const;
  void Record(std::string_view key, const toml::node& n);
  // Drops a key's recorded place when its value could not be read, so later
  // checks treat it as absent rather than as a default value.
  void Forget(std::string_view key);

  template <typename T>
  void ReadChild(std::string_view key, const toml::table& t, T& out) {
    std::string context =
        t.is_inline() ? "in `" + std::string(key) + "` " + context_ : "in [" + ChildPath(key) + "]";
    ReadElement(key, t, out, context);
  }

  template <typename T>
  void ReadElement(std::string_view key, const toml::table& t, T& out, std::string context) {
    if constexpr (std::is_same_v<T, Baseline>) {
      out.kind = Baseline::Kind::kValue;
    }
    TomlReader child(t, ChildPath(key), std::move(context), file_, diags_, out);
    VisitFields(child, out);
    child.Finish();
  }

  const toml::table& table_;
  std::string path_;
  std::string context_;
  std::string_view file_;
  Diagnostics& diags_;
  Element& element_;
  std::vector<std::string> known_;
  std::vector<std::string> missing_;  // required keys not present
};

}  // namespace internal
}  // namespace barometer::strategy

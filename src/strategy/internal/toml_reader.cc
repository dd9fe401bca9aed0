#include "strategy/internal/toml_reader.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "core/number.h"

namespace barometer::strategy {

Strategy ReadStrategy(const toml::table& root, std::string_view file, Diagnostics& diags) {
  Strategy s;
  internal::TomlReader reader(root, "", "at the top level", file, diags, s);
  VisitFields(reader, s);
  reader.Finish();
  return s;
}

namespace internal {

namespace {
// The measure unit a suffix written after a number names ("%" -> percent).
std::optional<std::string> UnitFor(std::string_view suffix) {
  static const std::pair<std::string_view, std::string_view> kUnits[] = {
      {"%", "percent"},    {"percent", "percent"}, {"years", "years"}, {"year", "years"},
      {"yrs", "years"},    {"days", "days"},       {"day", "days"},    {"gbp", "gbp"},
      {"points", "score"}, {"score", "score"}};
  std::string s = ToLower(suffix);
  for (auto [from, to] : kUnits) {
    if (s == from) return std::string(to);
  }
  return std::nullopt;
}

// "value = \"7.5\"" or "value = \"1.7 years\"": the number without quotes
// (and without its unit, which the measure's `unit` says).
std::string NumberHint(std::string_view key, std::string_view text) {
  // "100,000": TOML numbers group digits with `_`, never `,`.
  std::string_view raw = Trim(text);
  auto digit = [&raw](size_t i) {
    return i < raw.size() && std::isdigit(static_cast<unsigned char>(raw[i]));
  };
  std::string ungrouped;
  for (size_t i = 0; i < raw.size(); ++i) {
    bool grouping = raw[i] == ',' && i > 0 && digit(i - 1) && digit(i + 1) && digit(i + 2) &&
                    digit(i + 3) && !digit(i + 4);
    if (!grouping) ungrouped += raw[i];
  }
  std::string_view t = ungrouped;
  if (ParseDouble(t)) return fmt::format("write the number without quotes: {} = {}", key, t);
  size_t end = 0;
  while (end < t.size() && (std::isdigit(static_cast<unsigned char>(t[end])) || t[end] == '.' ||
                            (end == 0 && t[end] == '-'))) {
    ++end;
  }
  auto v = ParseDouble(t.substr(0, end));
  if (!v) return {};
  // "11.5%" -> value = 11.5 on a measure with unit = "percent".
  std::string_view suffix = Trim(t.substr(end));
  std::optional<std::string> unit = UnitFor(suffix);
  if (unit) {
    return fmt::format(
        "write the number alone, without quotes: {} = {}, with unit = \"{}\" on the measure", key,
        FormatShortest(*v), *unit);
  }
  return fmt::format(
      "write the number alone, without quotes: {} = {} (the measure's `unit` says what it "
      "counts)",
      key, FormatShortest(*v));
}

// Words people write for an enumeration value the format spells otherwise.
std::optional<std::string> Synonym(std::string_view value) {
  static const std::pair<std::string_view, std::string_view> kSynonyms[] = {
      {"yearly", "annual"},
      {"annually", "annual"},
      {"one-off", "one_off"},
      {"once", "one_off"},
      {"half-yearly", "six_monthly"},
      {"half_yearly", "six_monthly"},
      {"biannual", "six_monthly"},
      {"six-monthly", "six_monthly"},
      {"bi-monthly", "bimonthly"},
      {"up", "higher"},
      {"increase", "higher"},
      {"high", "higher"},
      {"down", "lower"},
      {"decrease", "lower"},
      {"low", "lower"},
      {"%", "percent"},
      {"percentage", "percent"},
      {"number", "count"},
      {"£", "gbp"},
      {"pounds", "gbp"},
      {"target", "threshold"},
      {"reduction", "change"},
      {"baseline", "establish_baseline"},
      {"=>", ">="},
      {"=<", "<="},
      {"==", "="},
      {"ward", "team"},
      {"department", "service"},
      {"specialty", "service"},
      {"nhs_trust", "trust"},
      {"ft", "foundation_trust"},
      {"icp", "place_partnership"},
      {"at least", ">="},
      {"no less than", ">="},
      {"≥", ">="},
      {"at most", "<="},
      {"no more than", "<="},
      {"≤", "<="},
      {"less than", "<"},
      {"below", "<"},
      {"more than", ">"},
      {"greater than", ">"},
      {"above", ">"},
      {"equal", "="},
      {"equals", "="}};
  std::string v = ToLower(Trim(value));
  for (auto [from, to] : kSynonyms) {
    if (v == from) return std::string(to);
  }
  return std::nullopt;
}
}  // namespace

SourceLocation LocationOf(const toml::source_region& r, std::string_view file) {
  return {std::string(file), static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
}

std::string_view TypeName(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::array:
      return n.as_array()->is_array_of_tables() && !n.as_array()->empty() ? "an array of tables"
                                                                          : "an array";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

TomlReader::TomlReader(const toml::table& table, std::string path, std::string context,
                       std::string_view file, Diagnostics& diags, Element& element)
    : table_(table),
      path_(std::move(path)),
      context_(std::move(context)),
      file_(file),
      diags_(diags),
      element_(element) {
  element_.where = LocationOf(table.source(), file);
}

std::string TomlReader::ChildPath(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

SourceLocation TomlReader::Where(const toml::node& n) const {
  return LocationOf(n.source(), file_);
}

void TomlReader::Record(std::string_view key, const toml::node& n) {
  element_.where_of[std::string(key)] = Where(n);
}

void TomlReader::Forget(std::string_view key) {
  auto it = element_.where_of.find(key);
  if (it != element_.where_of.end()) element_.where_of.erase(it);
  element_.unreadable.emplace_back(key);
}

const toml::node* TomlReader::Get(std::string_view key, unsigned flags) {
  known_.emplace_back(key);
  const toml::node* n = table_.get(key);
  if (n == nullptr) {
    if (flags & kRequired) missing_.emplace_back(key);
    return nullptr;
  }
  Record(key, *n);
  return n;
}

const toml::table* TomlReader::GetTable(std::string_view key, unsigned flags) {
  const toml::node* n = Get(key, flags);
  if (n == nullptr) return nullptr;
  const toml::table* t = n->as_table();
  if (t == nullptr) {
    WrongType(key, *n, "a table",
              fmt::format("write it as [{}] with its keys below, or {} = {{ ... }}", ChildPath(key),
                          key));
  }
  return t;
}

const toml::array* TomlReader::GetArrayOfTables(std::string_view key, unsigned flags) {
  const toml::node* n = Get(key, flags);
  if (n == nullptr) return nullptr;
  const toml::array* a = n->as_array();
  if (a == nullptr || !a->is_array_of_tables()) {
    WrongType(key, *n, "an array of tables",
              fmt::format("write each one as [[{}]] (double brackets)", ChildPath(key)));
    return nullptr;
  }
  if (a->empty() && (flags & kRequired)) {
    Empty(key, *n);
    return nullptr;
  }
  return a;
}

void TomlReader::WrongType(std::string_view key, const toml::node& n, std::string_view expected,
                           std::string hint) {
  Forget(key);
  diags_.Error(Where(n),
               fmt::format("`{}` {}: expected {}, found {}", key, context_, expected, TypeName(n)),
               std::move(hint));
}

void TomlReader::BadEnum(std::string_view key, const toml::node& n, std::string_view value,
                         const std::vector<std::string>& allowed) {
  Forget(key);
  std::string list;
  for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
  // A word people use for the value ("%" for percent) says more than the
  // closest spelling does.
  std::string hint;
  if (auto s = Synonym(value);
      s && std::find(allowed.begin(), allowed.end(), *s) != allowed.end()) {
    hint = fmt::format("did you mean `{}`?", *s);
  } else {
    hint = DidYouMean(value, allowed);
  }
  diags_.Error(Where(n),
               fmt::format("unknown {} `{}` {}; expected one of: {}", key, value, context_, list),
               std::move(hint));
}

std::string TomlReader::EnumHint(std::string_view key, const std::vector<std::string>& allowed) {
  std::string list;
  for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
  return fmt::format("write one of: {} (e.g. {} = \"{}\")", list, key, allowed.front());
}

std::string TomlReader::IdSuffix() const {
  const toml::node* id = table_.get("id");
  if (id == nullptr || !id->is_string()) return {};
  return fmt::format(" (id `{}`)", id->as_string()->get());
}

void TomlReader::Empty(std::string_view key, const toml::node& n) {
  diags_.Error(Where(n), fmt::format("`{}` {} is empty", key, context_));
}

std::optional<int> TomlReader::IntOf(std::string_view key, const toml::node& n) {
  const auto* i = n.as_integer();
  if (i == nullptr) {
    std::string hint;
    if (n.is_floating_point()) hint = "write a whole number without a decimal point";
    if (n.is_string()) {
      std::string_view t = Trim(n.as_string()->get());
      hint = ParseInt(t) ? fmt::format("write the number without quotes: {} = {}", key, t)
                         : "write the number without quotes";
    }
    WrongType(key, n, "an integer", std::move(hint));
    return std::nullopt;
  }
  int64_t v = i->get();
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) {
    Forget(key);
    diags_.Error(Where(n), fmt::format("`{}` {}: {} is out of range", key, context_, v));
    return std::nullopt;
  }
  return static_cast<int>(v);
}

std::optional<double> TomlReader::NumberOf(std::string_view key, const toml::node& n) {
  if (const auto* i = n.as_integer()) return static_cast<double>(i->get());
  const auto* f = n.as_floating_point();
  if (f == nullptr) {
    WrongType(key, n, "a number", n.is_string() ? NumberHint(key, n.as_string()->get()) : "");
    return std::nullopt;
  }
  if (!std::isfinite(f->get())) {
    Forget(key);
    diags_.Error(Where(n), fmt::format("`{}` {}: expected a finite number", key, context_));
    return std::nullopt;
  }
  return f->get();
}

std::optional<Date> TomlReader::DateOf(std::string_view key, const toml::node& n) {
  if (const auto* d = n.as_date()) {
    toml::date v = d->get();
    return Date{v.year, v.month, v.day};
  }
  std::string hint;
  const auto* s = n.as_string();
  if (s != nullptr && Date::Parse(s->get())) {
    hint = fmt::format("write dates without quotes: {} = {}", key, s->get());
  } else if ((s != nullptr && ParseInt(s->get()) && s->get().size() == 4) || n.is_integer()) {
    int64_t y = n.is_integer() ? n.as_integer()->get() : *ParseInt(s->get());
    if (y >= 1000 && y <= 9999) {
      hint = fmt::format(
          "a year alone is not a date; give the day: {} = {}-12-31 for the end of {}, or {} = "
          "{}-03-31 for the end of the financial year {}-{:02}",
          key, y, y, key, y, y - 1, y % 100);
    } else {
      hint = "a year alone is not a date; give the day, e.g. 2024-03-31";
    }
  } else if (n.is_date_time()) {
    hint = "give the date alone, without a time";
  }
  WrongType(key, n, "a date (e.g. 2024-03-31)", std::move(hint));
  return std::nullopt;
}

void TomlReader::operator()(std::string_view key, std::string& out, unsigned flags) {
  const toml::node* n = Get(key, flags);
  if (n == nullptr) return;
  const auto* s = n->as_string();
  if (s == nullptr) return WrongType(key, *n, "a string", StringHint(key, *n));
  out = s->get();
  if ((flags & kRequired) && Trim(out).empty()) Empty(key, *n);
}

std::string TomlReader::StringHint(std::string_view key, const toml::node& n) {
  const auto* i = n.as_integer();
  if (i == nullptr) return {};
  int64_t v = i->get();
  if (key == "year" && v >= 1000 && v <= 9999) {
    return fmt::format("write the financial year in quotes: {} = \"{}-{:02}\"", key, v,
                       (v + 1) % 100);
  }
  return fmt::format("write it in quotes: {} = \"{}\"", key, v);
}

void TomlReader::operator()(std::string_view key, int& out, unsigned flags) {
  const toml::node* n = Get(key, flags);
  if (n == nullptr) return;
  if (auto v = IntOf(key, *n)) out = *v;
}

void TomlReader::operator()(std::string_view key, std::optional<int>& out, unsigned flags) {
  const toml::node* n = Get(key, flags);
  if (n != nullptr) out = IntOf(key, *n);
}

void TomlReader::operator()(std::string_view key, std::optional<double>& out, unsigned flags) {
  const toml::node* n = Get(key, flags);
  if (n != nullptr) out = NumberOf(key, *n);
}

void TomlReader::operator()(std::string_view key, bool& out, unsigned flags) {
  const toml::node* n = Get(key, flags);
  if (n == nullptr) return;
  const auto* b = n->as_boolean();
  if (b == nullptr) return WrongType(key, *n, "a boolean (true or false)");
  out = b->get();
}

void TomlReader::operator()(std::string_view key, Date& out, unsigned flags) {
  const toml::node* n = Get(key, flags);
  if (n == nullptr) return;
  if (auto d = DateOf(key, *n)) out = *d;
}

void TomlReader::operator()(std::string_view key, std::optional<Date>& out, unsigned flags) {
  const toml::node* n = Get(key, flags);
  if (n != nullptr) out = DateOf(key, *n);
}

void TomlReader::operator()(std::string_view key, std::vector<std::string>& out, unsigned flags) {
  const toml::node* n = Get(key, flags);
  if (n == nullptr) return;
  if (const auto* s = n->as_string(); s != nullptr && (flags & kStringOrList)) {
    out.push_back(s->get());
    return;
  }
  const toml::array* a = n->as_array();
  if (a == nullptr) {
    std::string_view expected =
        flags & kStringOrList ? "a string or an array of strings" : "an array of strings";
    std::string hint = n->is_string()
                           ? fmt::format("write a list: {} = [\"{}\"]", key, n->as_string()->get())
                           : std::string();
    return WrongType(key, *n, expected, std::move(hint));
  }
  for (size_t i = 0; i < a->size(); ++i) {
    const toml::node& item = *a->get(i);
    std::string item_key = fmt::format("{}[{}]", key, i);
    element_.where_of[item_key] = Where(item);
    if (const auto* s = item.as_string()) {
      out.push_back(s->get());
    } else {
      WrongType(item_key, item, "a string");
    }
  }
  if (a->empty() && (flags & kRequired)) Empty(key, *n);
}

void TomlReader::operator()(std::string_view key, std::vector<Date>& out, unsigned flags) {
  const toml::node* n = Get(key, flags);
  if (n == nullptr) return;
  const toml::array* a = n->as_array();
  if (a == nullptr) return WrongType(key, *n, "an array of dates");
  for (size_t i = 0; i < a->size(); ++i) {
    std::string item_key = fmt::format("{}[{}]", key, i);
    element_.where_of[item_key] = Where(*a->get(i));
    if (auto d = DateOf(item_key, *a->get(i))) out.push_back(*d);
  }
}

void TomlReader::operator()(std::string_view key, std::optional<NumberRange>& out, unsigned flags) {
  const toml::node* n = Get(key, flags);
  if (n == nullptr) return;
  const toml::array* a = n->as_array();
  if (a == nullptr || a->size() != 2) {
    return WrongType(key, *n, "an array of two numbers [min, max]");
  }
  auto lo = NumberOf(key, *a->get(0)), hi = NumberOf(key, *a->get(1));
  if (lo && hi) out = NumberRange{*lo, *hi};
}

namespace {
// "to be established" / "to be established in year N" (any case, trimmed).
bool ParseBaselineText(std::string_view text, Baseline& out) {
  std::string s = ToLower(Trim(text));
  constexpr std::string_view kTbe = "to be established";
  if (s == kTbe) {
    out.kind = Baseline::Kind::kToBeEstablished;
    return true;
  }
  constexpr std::string_view kInYear = "to be established in year ";
  if (s.rfind(kInYear, 0) != 0) return false;
  auto year = ParseInt(std::string_view(s).substr(kInYear.size()));
  if (!year || *year < 1 || *year > 100) return false;
  out.kind = Baseline::Kind::kEstablishInYear;
  out.establish_year = static_cast<int>(*year);
  return true;
}
}  // namespace

void TomlReader::operator()(std::string_view key, Baseline& out, unsigned flags) {
  const toml::node* n = Get(key, flags);
  if (n == nullptr) return;
  if (const toml::table* t = n->as_table()) return ReadChild(key, *t, out);
  const auto* s = n->as_string();
  if (s == nullptr || !ParseBaselineText(s->get(), out)) {
    // The key stays recorded: there is a baseline, just not a readable one.
    std::string found = s == nullptr ? std::string(TypeName(*n)) : fmt::format("\"{}\"", s->get());
    std::string hint = "put the document's words about the baseline in a `todo`";
    if (n->is_number()) {
      hint = fmt::format("write {} = {{ value = {}, period = \"...\" }}", key,
                         n->is_integer() ? std::to_string(n->as_integer()->get())
                                         : FormatShortest(n->as_floating_point()->get()));
    }
    diags_.Error(Where(*n),
                 fmt::format("`{}` {}: expected {{ value = ..., period = \"...\" }}, \"to be "
                             "established\" or \"to be established in year N\", found {}",
                             key, context_, found),
                 std::move(hint));
    return;
  }
  out.where = Where(*n);
}

void TomlReader::operator()(std::string_view key, MeasureSourceKey& out, unsigned flags) {
  const toml::node* n = Get(key, flags);
  if (n == nullptr) return;
  if (const auto* s = n->as_string()) {
    out.text = s->get();
    return;
  }
  if (const toml::table* t = n->as_table()) {
    SourceBinding& b = out.binding.emplace();
    ReadChild(key, *t, b);
    out.text = BindingDescription(b);
    return;
  }
  WrongType(key, *n, "a string or a table",
            fmt::format("write {} = \"the source\", or a [measures.source] table with "
                        "publication and series",
                        key));
}

namespace {
// The keys of a table type, in file order.
struct KeyCollector {
  std::vector<std::string> keys;
  template <typename T>
  void operator()(std::string_view key, T&, unsigned = 0) {
    keys.emplace_back(key);
  }
};

template <typename T>
bool HasKey(std::string_view key) {
  KeyCollector c;
  T t;
  VisitFields(c, t);
  return std::find(c.keys.begin(), c.keys.end(), key) != c.keys.end();
}

// For a key found in a nested array of tables that belongs to its parent
// ("source" under [[measures.targets]]), the parent's path.
std::optional<std::string> ParentTableOf(std::string_view path, std::string_view key) {
  if (path == "measures.targets" && HasKey<Measure>(key)) return "measures";
  if (path == "units.objectives" && HasKey<Unit>(key)) return "units";
  return std::nullopt;
}

std::string_view ParentNoun(std::string_view parent) {
  return parent == "measures" ? "measure" : "unit";
}

std::string MissingHint(std::string_view key) {
  if (key == "format") return fmt::format("add format = {} as the first line", kFormatVersion);
  if (key == "organisation") return "add an [organisation] table";
  if (key == "priorities") return "add at least one [[priorities]] table";
  if (key == "period") return "add [organisation.period] with start and end dates";
  return {};
}
}  // namespace

std::string TomlReader::UnknownKeyHint(std::string_view key,
                                       const std::optional<std::string>& close) const {
  if (auto parent = ParentTableOf(path_, key)) {
    // Indentation means nothing in TOML: a key below [[measures.targets]]
    // belongs to the target, however it is indented.
    return fmt::format(
        "`{}` is a key of [[{}]]; keys after a [[{}]] header belong to it, so move `{}` above "
        "the first [[{}]] of its {}",
        key, *parent, path_, key, path_, ParentNoun(*parent));
  }
  if (close) return fmt::format("did you mean `{}`?", *close);
  auto kind = ClosestMatch(key, EnumNames<TargetKind>());
  if (path_ == "measures" && (kind || ParseEnum<TargetKind>(key))) {
    // "improvement = true" on a measure: a target kind written as a key.
    std::string k = kind ? *kind : std::string(key);
    return fmt::format(
        "`{}` is a kind of target: add a [[measures.targets]] table with kind = \"{}\" (and "
        "year = N or by = DATE)",
        k, k);
  }
  if (known_.size() > 25) return {};
  std::string hint = "the keys here are";
  for (const std::string& k : known_) hint += (k == known_.front() ? " " : ", ") + k;
  return hint;
}

void TomlReader::Finish() {
  // A misspelt required key is reported once, as unknown with a suggestion,
  // not also as missing.
  std::vector<std::string> suggested;
  for (auto&& [k, v] : table_) {
    std::string_view key = k.str();
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    // A key of the parent table, written below a nested header, is not a
    // misspelling of a key of this one.
    auto close = ParentTableOf(path_, key) ? std::nullopt : ClosestMatch(key, known_);
    if (close) suggested.push_back(*close);
    std::string hint = UnknownKeyHint(key, close);
    // A misspelt [table] or [[table]] header reads as a table, not a key.
    std::string what = fmt::format("key `{}`", key);
    if (const toml::array* a = v.as_array();
        a && a->is_array_of_tables() && !a->empty() && !a->get(0)->as_table()->is_inline()) {
      what = fmt::format("table [[{}]]", ChildPath(key));
      if (close) hint = fmt::format("did you mean [[{}]]?", ChildPath(*close));
    } else if (const toml::table* t = v.as_table(); t && !t->is_inline()) {
      what = fmt::format("table [{}]", ChildPath(key));
      if (close) hint = fmt::format("did you mean [{}]?", ChildPath(*close));
    }
    diags_.Error(LocationOf(k.source(), file_), fmt::format("unknown {} {}", what, context_),
                 std::move(hint));
  }
  for (const std::string& key : missing_) {
    if (std::find(suggested.begin(), suggested.end(), key) != suggested.end()) continue;
    diags_.Error(element_.where,
                 fmt::format("missing required key `{}` {}{}", key, context_, IdSuffix()),
                 MissingHint(key));
  }
}

}  // namespace internal
}  // namespace barometer::strategy

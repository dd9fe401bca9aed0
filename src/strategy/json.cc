// The model as JSON, written and read by visitors over internal/fields.h so
// the JSON keys are exactly the file format's keys.
#include <algorithm>
#include <cstdint>
#include <exception>
#include <type_traits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/number.h"
#include "strategy/internal/fields.h"
#include "strategy/render.h"

namespace barometer::strategy {
namespace {

using Json = nlohmann::ordered_json;

std::string BaselineText(const Baseline& b) {
  if (b.kind == Baseline::Kind::kToBeEstablished) return "to be established";
  return fmt::format("to be established in year {}", b.establish_year);
}

class JsonWriter {
 public:
  explicit JsonWriter(Json& out) : out_(out) {}

  void operator()(std::string_view key, const std::string& v, unsigned = 0) {
    if (!v.empty()) out_[std::string(key)] = v;
  }
  void operator()(std::string_view key, int v, unsigned = 0) { out_[std::string(key)] = v; }
  void operator()(std::string_view key, bool v, unsigned = 0) {
    if (v) out_[std::string(key)] = true;
  }
  void operator()(std::string_view key, const Date& v, unsigned = 0) {
    out_[std::string(key)] = v.ToString();
  }
  void operator()(std::string_view key, const NumberRange& v, unsigned = 0) {
    out_[std::string(key)] = Json::array({v.min, v.max});
  }
  template <typename T>
  void operator()(std::string_view key, const std::optional<T>& v, unsigned f = 0) {
    if (v) (*this)(key, *v, f);
  }
  void operator()(std::string_view key, double v, unsigned = 0) { out_[std::string(key)] = v; }
  template <typename E>
  requires std::is_enum_v<E>
  void operator()(std::string_view key, E v, unsigned = 0) {
    out_[std::string(key)] = std::string(EnumName(v));
  }
  template <typename T>
  void operator()(std::string_view key, const std::vector<T>& v, unsigned f = 0) {
    if (v.empty()) return;
    Json a = Json::array();
    for (const T& item : v) {
      if constexpr (std::is_base_of_v<Element, T>) {
        a.push_back(Object(item));
      } else if constexpr (std::is_same_v<T, Date>) {
        a.push_back(item.ToString());
      } else {
        a.push_back(item);
      }
    }
    (void)f;
    out_[std::string(key)] = std::move(a);
  }
  void operator()(std::string_view key, const MeasureSourceKey& m, unsigned = 0) {
    if (m.binding) {
      out_[std::string(key)] = Object(*m.binding);
    } else if (!m.text.empty()) {
      out_[std::string(key)] = m.text;
    }
  }
  void operator()(std::string_view key, const Baseline& b, unsigned = 0) {
    if (b.kind == Baseline::Kind::kNone) return;
    out_[std::string(key)] = b.kind == Baseline::Kind::kValue ? Object(b) : Json(BaselineText(b));
  }
  template <typename T>
  requires std::is_base_of_v<Element, T>
  void operator()(std::string_view key, const T& v, unsigned = 0) {
    out_[std::string(key)] = Object(v);
  }

  template <typename T>
  static Json Object(const T& element) {
    Json j = Json::object();
    JsonWriter w(j);
    // The writer only reads; VisitFields takes non-const references for the
    // readers that fill the model.
    VisitFields(w, const_cast<T&>(element));
    if (!element.where.file.empty() || element.where.line > 0) {
      j["where"] = element.where.ToString();
    }
    return j;
  }

 private:
  Json& out_;
};

// "file:12:3" -> {file, 12, 3}; anything else is kept as the file name.
SourceLocation ParseWhere(const std::string& s) {
  size_t c2 = s.rfind(':');
  size_t c1 = c2 == std::string::npos || c2 == 0 ? std::string::npos : s.rfind(':', c2 - 1);
  if (c1 == std::string::npos) return {s, 0, 0};
  auto line = ParseInt(std::string_view(s).substr(c1 + 1, c2 - c1 - 1));
  auto col = ParseInt(std::string_view(s).substr(c2 + 1));
  if (!line || !col) return {s, 0, 0};
  return {s.substr(0, c1), static_cast<int>(*line), static_cast<int>(*col)};
}

class JsonReader {
 public:
  JsonReader(const Json& obj, std::string path, std::vector<std::string>& errors)
      : obj_(obj), path_(std::move(path)), errors_(errors) {}

  void operator()(std::string_view key, std::string& out, unsigned flags = 0) {
    if (const Json* j = Get(key, flags, &Json::is_string, "a string")) out = j->get<std::string>();
  }
  void operator()(std::string_view key, int& out, unsigned flags = 0) {
    if (const Json* j = Get(key, flags, &Json::is_number_integer, "an integer")) {
      out = IntOf(key, *j);
    }
  }
  void operator()(std::string_view key, std::optional<int>& out, unsigned flags = 0) {
    if (const Json* j = Get(key, flags, &Json::is_number_integer, "an integer")) {
      out = IntOf(key, *j);
    }
  }
  void operator()(std::string_view key, std::optional<double>& out, unsigned flags = 0) {
    if (const Json* j = Get(key, flags, &Json::is_number, "a number")) out = j->get<double>();
  }
  void operator()(std::string_view key, bool& out, unsigned flags = 0) {
    if (const Json* j = Get(key, flags, &Json::is_boolean, "a boolean")) out = j->get<bool>();
  }
  void operator()(std::string_view key, Date& out, unsigned flags = 0) {
    if (auto d = DateAt(key, flags)) out = *d;
  }
  void operator()(std::string_view key, std::optional<Date>& out, unsigned flags = 0) {
    out = DateAt(key, flags);
  }
  void operator()(std::string_view key, std::optional<NumberRange>& out, unsigned flags = 0) {
    const Json* j = Get(key, flags, &Json::is_array, "an array");
    if (j == nullptr) return;
    if (j->size() != 2 || !(*j)[0].is_number() || !(*j)[1].is_number()) {
      return Error(key, "expected [min, max]");
    }
    out = NumberRange{(*j)[0].get<double>(), (*j)[1].get<double>()};
  }
  void operator()(std::string_view key, std::vector<std::string>& out, unsigned flags = 0) {
    const Json* j = Get(key, flags, nullptr, "");
    if (j == nullptr) return;
    if (j->is_string() && (flags & kStringOrList)) return out.push_back(j->get<std::string>());
    if (!j->is_array()) return Error(key, "expected an array of strings");
    for (const Json& item : *j) {
      if (!item.is_string()) return Error(key, "expected an array of strings");
      out.push_back(item.get<std::string>());
    }
  }
  void operator()(std::string_view key, std::vector<Date>& out, unsigned flags = 0) {
    const Json* j = Get(key, flags, &Json::is_array, "an array");
    if (j == nullptr) return;
    for (const Json& item : *j) {
      auto d = item.is_string() ? Date::Parse(item.get<std::string>()) : std::nullopt;
      if (!d) return Error(key, "expected an array of dates (\"YYYY-MM-DD\")");
      out.push_back(*d);
    }
  }
  template <typename E>
  requires std::is_enum_v<E>
  void operator()(std::string_view key, std::optional<E>& out, unsigned flags = 0) {
    if (const Json* j = Get(key, flags, &Json::is_string, "a string")) {
      out = ParseEnum<E>(j->get<std::string>());
      if (!out) Error(key, fmt::format("unknown value \"{}\"", j->get<std::string>()));
    }
  }
  void operator()(std::string_view key, MeasureSourceKey& out, unsigned flags = 0) {
    const Json* j = Get(key, flags, nullptr, "");
    if (j == nullptr) return;
    if (j->is_string()) {
      out.text = j->get<std::string>();
    } else if (j->is_object()) {
      ReadObject(key, *j, out.binding.emplace());
      out.text = BindingDescription(*out.binding);
    } else {
      Error(key, "expected a string or an object");
    }
  }
  void operator()(std::string_view key, Baseline& out, unsigned flags = 0) {
    const Json* j = Get(key, flags, nullptr, "");
    if (j == nullptr) return;
    if (j->is_object()) {
      out.kind = Baseline::Kind::kValue;
      return ReadObject(key, *j, out);
    }
    std::string text = j->is_string() ? j->get<std::string>() : "";
    if (text == "to be established") {
      out.kind = Baseline::Kind::kToBeEstablished;
      return;
    }
    constexpr std::string_view kInYear = "to be established in year ";
    auto year = text.rfind(kInYear, 0) == 0 ? ParseInt(text.substr(kInYear.size())) : std::nullopt;
    if (!year) return Error(key, "expected a baseline object or \"to be established...\"");
    out.kind = Baseline::Kind::kEstablishInYear;
    out.establish_year = static_cast<int>(*year);
  }
  template <typename T>
  requires std::is_base_of_v<Element, T>
  void operator()(std::string_view key, T& out, unsigned flags = 0) {
    if (const Json* j = Get(key, flags, &Json::is_object, "an object")) ReadObject(key, *j, out);
  }
  template <typename T>
  requires std::is_base_of_v<Element, T>
  void operator()(std::string_view key, std::optional<T>& out, unsigned flags = 0) {
    if (const Json* j = Get(key, flags, &Json::is_object, "an object")) {
      ReadObject(key, *j, out.emplace());
    }
  }
  template <typename T>
  requires std::is_base_of_v<Element, T>
  void operator()(std::string_view key, std::vector<T>& out, unsigned flags = 0) {
    const Json* j = Get(key, flags, &Json::is_array, "an array");
    if (j == nullptr) return;
    for (size_t i = 0; i < j->size(); ++i) {
      if (!(*j)[i].is_object()) return Error(key, "expected an array of objects");
      ReadObject(fmt::format("{}[{}]", key, i), (*j)[i], out.emplace_back());
    }
  }

  // Reports keys no visitor call named.
  void Finish(const Element& e) {
    (void)e;
    for (auto it = obj_.begin(); it != obj_.end(); ++it) {
      if (it.key() == "where") continue;
      if (std::find(known_.begin(), known_.end(), it.key()) == known_.end()) {
        Error(it.key(), "unknown key");
      }
    }
  }

 private:
  const Json* Get(std::string_view key, unsigned flags, bool (Json::*is)() const noexcept,
                  std::string_view expected) {
    known_.emplace_back(key);
    auto it = obj_.find(std::string(key));
    if (it == obj_.end()) {
      if (flags & kRequired) Error(key, "missing");
      return nullptr;
    }
    if (is != nullptr && !((*it).*is)()) {
      Error(key, fmt::format("expected {}", expected));
      return nullptr;
    }
    return &*it;
  }
  std::optional<Date> DateAt(std::string_view key, unsigned flags) {
    const Json* j = Get(key, flags, &Json::is_string, "a date string");
    if (j == nullptr) return std::nullopt;
    auto d = Date::Parse(j->get<std::string>());
    if (!d) Error(key, "expected a date \"YYYY-MM-DD\"");
    return d;
  }
  int IntOf(std::string_view key, const Json& j) {
    int64_t v = j.get<int64_t>();
    if (v < INT32_MIN || v > INT32_MAX) Error(key, "out of range");
    return static_cast<int>(v);
  }
  template <typename T>
  void ReadObject(std::string_view key, const Json& j, T& out) {
    JsonReader child(j, Path(key), errors_);
    VisitFields(child, out);
    child.Finish(out);
    if (auto w = j.find("where"); w != j.end() && w->is_string()) {
      out.where = ParseWhere(w->get<std::string>());
    }
  }
  std::string Path(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }
  void Error(std::string_view key, std::string_view what) {
    errors_.push_back(fmt::format("{}: {}", Path(key), what));
  }

  const Json& obj_;
  std::string path_;
  std::vector<std::string>& errors_;
  std::vector<std::string> known_;
};

}  // namespace

std::string ToJson(const Strategy& s) { return JsonWriter::Object(s).dump(2) + "\n"; }

Result<Strategy> FromJson(std::string_view json) {
  try {
    Json j = Json::parse(json);
    if (!j.is_object()) return Status::InvalidInput("strategy JSON: expected an object");
    Strategy s;
    std::vector<std::string> errors;
    JsonReader r(j, "", errors);
    VisitFields(r, s);
    r.Finish(s);
    if (auto w = j.find("where"); w != j.end() && w->is_string()) {
      s.where = ParseWhere(w->get<std::string>());
    }
    if (!errors.empty()) {
      std::string more =
          errors.size() > 1 ? fmt::format(" (and {} more)", errors.size() - 1) : std::string();
      return Status::InvalidInput("strategy JSON: " + errors.front() + more);
    }
    return s;
  } catch (const std::exception& e) {
    return Status::InvalidInput(fmt::format("strategy JSON: {}", e.what()));
  }
}

}  // namespace barometer::strategy

// core/status.h — the one error type that crosses part boundaries.
//
// A Status is ok, or carries a code, a message and, for user input, the place
// in a file it refers to. Result<T> holds a value or a non-ok Status. Both are
// [[nodiscard]]: an ignored error is a compile error under -Werror.
//
//   Result<Table> t = ReadTable(path);
//   if (!t.ok()) return t.status();
//   Use(t.value());
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace barometer {

enum class StatusCode {
  kOk = 0,
  kInvalidInput,  // the user's file or argument is wrong; tell them where
  kNotFound,      // a named thing (file, measure, column) does not exist
  kCorrupt,       // stored data is damaged or of an unknown version
  kIo,            // the operating system refused a read or write
  kInternal,      // a bug in barometer
};

// A place in a user's file; line and column are 1-based, 0 when unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  // "file:line:column", "file:line" or "file", as much as is known.
  std::string ToString() const;
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, SourceLocation where = {})
      : code_(code), message_(std::move(message)), where_(std::move(where)) {}

  static Status Ok() { return Status(); }
  static Status InvalidInput(std::string m, SourceLocation w = {}) {
    return {StatusCode::kInvalidInput, std::move(m), std::move(w)};
  }
  static Status NotFound(std::string m, SourceLocation w = {}) {
    return {StatusCode::kNotFound, std::move(m), std::move(w)};
  }
  static Status Corrupt(std::string m, SourceLocation w = {}) {
    return {StatusCode::kCorrupt, std::move(m), std::move(w)};
  }
  static Status Io(std::string m, SourceLocation w = {}) {
    return {StatusCode::kIo, std::move(m), std::move(w)};
  }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const SourceLocation& where() const { return where_; }

  // "file:line:column: message" (or just the message when there is no place).
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  SourceLocation where_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  // REQUIRES: ok()
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  // Ok when a value is held.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace barometer

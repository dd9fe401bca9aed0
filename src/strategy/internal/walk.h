// strategy/internal/walk.h — calls a function on every element of a model
// (the strategy, each table and each nested table), in file order.
#pragma once

#include <functional>
#include <string_view>
#include <type_traits>
#include <vector>

#include "strategy/internal/fields.h"

namespace barometer::strategy::internal {

class ElementWalker {
 public:
  explicit ElementWalker(std::function<void(const Element&)> f) : f_(std::move(f)) {}

  template <typename T>
  void operator()(std::string_view, T& field, unsigned = 0) {
    if constexpr (std::is_same_v<T, MeasureSourceKey>) {
      if (field.binding) Enter(*field.binding);
    } else if constexpr (std::is_base_of_v<Element, T>) {
      Enter(field);
    } else if constexpr (IsOptionalElement<T>::value) {
      if (field) Enter(*field);
    } else if constexpr (IsVectorOfElements<T>::value) {
      for (auto& item : field) Enter(item);
    }
  }

  template <typename T>
  void Enter(T& element) {
    f_(element);
    if constexpr (std::is_same_v<T, Baseline>) {
      if (element.kind != Baseline::Kind::kValue) return;
    }
    VisitFields(*this, element);
  }

 private:
  template <typename T>
  struct IsOptionalElement : std::false_type {};
  template <typename T>
  struct IsOptionalElement<std::optional<T>> : std::is_base_of<Element, T> {};
  template <typename T>
  struct IsVectorOfElements : std::false_type {};
  template <typename T>
  struct IsVectorOfElements<std::vector<T>> : std::is_base_of<Element, T> {};

  std::function<void(const Element&)> f_;
};

// Calls `f` on every element of `s`, `s` itself first.
inline void ForEachElement(const Strategy& s, std::function<void(const Element&)> f) {
  ElementWalker w(std::move(f));
  // The walker only reads; VisitFields takes non-const references for the
  // readers that fill the model.
  w.Enter(const_cast<Strategy&>(s));
}

}  // namespace barometer::strategy::internal

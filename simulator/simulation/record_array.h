// A growable array of trivially copyable records in one malloc'd block, for the record stores.
// It grows with realloc, which for blocks this large (glibc serves them with mmap) moves the
// pages with mremap instead of copying them: a store that grows slice by slice never holds its
// records twice, as std::vector's allocate, copy, free growth does for a moment (at 100,000 users
// the sign-in records alone are 2.3 GB). shrinkToFit() gives the unused capacity back the same
// way.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <span>
#include <type_traits>

namespace tenantsim {

template <typename T>
class RecordArray {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

 public:
  RecordArray() = default;
  RecordArray(const RecordArray&) = delete;
  RecordArray& operator=(const RecordArray&) = delete;
  ~RecordArray() { std::free(data_); }

  const T* data() const { return data_; }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }

  void reserve(size_t n) {
    if (n > capacity_) reallocate(n);
  }
  // Appends items, growing the capacity by at least a quarter when it must grow.
  void append(std::span<const T> items) {
    if (items.empty()) return;
    if (size_ + items.size() > capacity_)
      reallocate(std::max(size_ + items.size(), capacity_ + capacity_ / 4));
    std::memcpy(static_cast<void*>(data_ + size_), items.data(), items.size() * sizeof(T));
    size_ += items.size();
  }
  void shrinkToFit() {
    if (capacity_ > size_) reallocate(size_);
  }

 private:
  void reallocate(size_t n) {
    if (n == 0) {
      std::free(data_);
      data_ = nullptr;
      capacity_ = 0;
      return;
    }
    void* p = std::realloc(static_cast<void*>(data_), n * sizeof(T));
    if (p == nullptr) throw std::bad_alloc();
    data_ = static_cast<T*>(p);
    capacity_ = n;
  }

  T* data_ = nullptr;
  size_t size_ = 0, capacity_ = 0;
};

}  // namespace tenantsim

// base/atomic_file.h: files appear whole or not at all.
#include "base/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

namespace tenantsim {
namespace {

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tenantsim-atomic-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  size_t entries() const {
    size_t n = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir_)) ++n;
    return n;
  }
  std::filesystem::path dir_;
};

TEST_F(AtomicFileTest, WritesContentsWithExactPermissionsCreatingParents) {
  std::filesystem::path path = dir_ / "a" / "b.txt";
  ASSERT_TRUE(writeFileAtomically(path, "hello", {.permissions = 0600, .durable = true}).ok());
  EXPECT_EQ(readWholeFile(path).value_or(""), "hello");
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_ / "a"), {}), 1);
}

TEST_F(AtomicFileTest, RewriteReplacesTheWholeFile) {
  ASSERT_TRUE(writeFileAtomically(dir_ / "f", "a longer first version").ok());
  ASSERT_TRUE(writeFileAtomically(dir_ / "f", "short").ok());
  EXPECT_EQ(readWholeFile(dir_ / "f").value_or(""), "short");
}

TEST_F(AtomicFileTest, UncommittedFileLeavesNothingBehind) {
  {
    AtomicFile file;
    ASSERT_TRUE(file.open(dir_ / "never").ok());
    ASSERT_TRUE(file.write("partial").ok());
  }
  EXPECT_FALSE(std::filesystem::exists(dir_ / "never"));
  EXPECT_EQ(entries(), 0u);
}

TEST_F(AtomicFileTest, ExclusiveCreateKeepsTheFirstFile) {
  Result<CreateOutcome> first = createFileExclusively(dir_ / "key", "first");
  Result<CreateOutcome> second = createFileExclusively(dir_ / "key", "second");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first, CreateOutcome::Created);
  EXPECT_EQ(*second, CreateOutcome::AlreadyExists);
  EXPECT_EQ(readWholeFile(dir_ / "key").value_or(""), "first");
  EXPECT_EQ(entries(), 1u);  // no temporary file left
}

TEST_F(AtomicFileTest, ReadingAMissingFileNamesIt) {
  Result<std::string> missing = readWholeFile(dir_ / "absent");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("absent"), std::string::npos);
}

TEST_F(AtomicFileTest, CommitWithoutOpenIsAnError) {
  AtomicFile file;
  EXPECT_FALSE(file.commit().ok());
  EXPECT_FALSE(file.write("x").ok());
}

}  // namespace
}  // namespace tenantsim

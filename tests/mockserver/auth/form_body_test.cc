// Specification of form-body parsing, percent-decoding and the base64 codecs.
#include "mockserver/auth/form_body.h"

#include <gtest/gtest.h>

#include "base/base64.h"

namespace tenantsim::auth {
namespace {

TEST(FormBody, DecodesPercentEscapesAndPlus) {
  std::optional<FormBody> form =
      FormBody::parse("scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&a=b+c");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->get("scope"), "https://graph.microsoft.com/.default");
  EXPECT_EQ(form->get("a"), "b c");
}

TEST(FormBody, LowerCaseHexEscapesDecode) {
  EXPECT_EQ(FormBody::parse("x=%7b%7D")->get("x"), "{}");
}

TEST(FormBody, EncodedPlusStaysPlus) { EXPECT_EQ(FormBody::parse("s=a%2Bb")->get("s"), "a+b"); }

TEST(FormBody, InvalidEscapeIsKeptLiterally) {
  EXPECT_EQ(FormBody::parse("s=100%&t=%zz%4")->get("s"), "100%");
  EXPECT_EQ(FormBody::parse("s=100%&t=%zz%4")->get("t"), "%zz%4");
}

TEST(FormBody, FirstDuplicateWins) {
  std::optional<FormBody> form = FormBody::parse("k=1&k=2");
  EXPECT_EQ(form->get("k"), "1");
  EXPECT_EQ(form->fields().size(), 2u);
}

TEST(FormBody, EmptyPairsAreSkipped) {
  std::optional<FormBody> form = FormBody::parse("&&a=1&&b=2&");
  EXPECT_EQ(form->fields().size(), 2u);
}

TEST(FormBody, KeyWithoutEqualsHasEmptyValue) {
  std::optional<FormBody> form = FormBody::parse("flag&x=1");
  ASSERT_NE(form->find("flag"), nullptr);
  EXPECT_EQ(*form->find("flag"), "");
}

TEST(FormBody, ValueMayContainEquals) { EXPECT_EQ(FormBody::parse("s=a=b")->get("s"), "a=b"); }

TEST(FormBody, EncodedKeysDecode) {
  EXPECT_EQ(FormBody::parse("client%5Fid=x")->get("client_id"), "x");
}

TEST(FormBody, BodyOverLimitIsRejected) {
  EXPECT_FALSE(FormBody::parse(std::string(11, 'a'), 10));
  EXPECT_TRUE(FormBody::parse(std::string(10, 'a'), 10));
}

TEST(FormBody, AbsentKeyIsEmpty) {
  EXPECT_EQ(FormBody::parse("a=1")->find("b"), nullptr);
  EXPECT_EQ(FormBody::parse("a=1")->get("b"), "");
}

TEST(Base64Url, RoundTripsAllLengths) {
  std::string bytes;
  for (int i = 0; i < 40; ++i) {
    EXPECT_EQ(base64UrlDecode(base64UrlEncode(bytes)), bytes);
    EXPECT_EQ(base64Decode(base64Encode(bytes)), bytes);
    bytes += static_cast<char>(i * 37 + 250);
  }
}

TEST(Base64Url, UsesUrlAlphabetWithoutPadding) {
  EXPECT_EQ(base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_EQ(base64Encode("\xfb\xff"), "+/8=");
}

TEST(Base64Url, RejectsStandardAlphabetAndBadLengths) {
  EXPECT_FALSE(base64UrlDecode("+/8"));
  EXPECT_FALSE(base64UrlDecode("abcde"));
  EXPECT_FALSE(base64UrlDecode("ab=c"));
}

TEST(Base64Url, AcceptsPaddedInput) { EXPECT_EQ(base64UrlDecode("YQ=="), "a"); }

}  // namespace
}  // namespace tenantsim::auth

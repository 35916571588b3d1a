// Digest and encoding operators (md5, sha1, sha2/sha256, sha3, base64,
// base64d, base62, base62d, base32, base32d, hex2b64): table of cases checked against
// the Exim 4.96 binary.
#include "operators_test_support.hpp"

namespace corvid::expand::testing {
namespace {

// clang-format off
const OpRow kRows[] = {
    {"md5", "", true, "d41d8cd98f00b204e9800998ecf8427e"},
    {"md5", "abc", true, "900150983cd24fb0d6963f7d28e17f72"},
    {"md5_2", "a", true, "0cc175b9c0f1b6a831c399e269772661"},
    {"sha1", "abc", true, "A9993E364706816ABA3E25717850C26C9CD0D89D"},
    {"sha1_2", "a", true, "86F7E437FAA5A7FCE15D1DDCB9EAEAEA377667B8"},
    {"sha256", "abc", true, "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"},
    {"sha2", "abc", true, "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"},
    {"sha2_384", "abc", true, "CB00753F45A35E8BB5A03D699AC65007272C32AB0EDED1631A8B605A43FF5BED8086072BA1E7CC2358BAECA134C825A7"},
    {"sha2_512", "", true, "CF83E1357EEFB8BDF1542850D66D8007D620E4050B5715DC83F4A921D36CE9CE47D0D13C5D85F2B0FF8318D2877EEC2F63B931BD47417A81A538327AF927DA3E"},
    {"sha2_", "a", false, "unrecognised sha2 variant"},
    {"sha2_256x", "a", false, "unrecognised sha2 variant"},
    {"sha2_224", "a", false, "unrecognised sha2 variant"},
    {"sha256_512", "a", true, "1F40FC92DA241694750979EE6CF582F2D5D7D28E18335DE05ABC54D0560E0F5302860C652BF08D560252AA5E74210546F369FBBBCE8C12CFC7957B2652FE9A75"},
    {"sha256_", "a", false, "unrecognised sha2 variant"},
    {"sha256_384", "a", true, "54A59B9F22B0B80880D8427E548B7C23ABD873486E1F035DCE9CD697E85175033CAA88E6D57BC35EFAE0B5AFD3145F31"},
    {"sha2_0256", "a", false, "unrecognised sha2 variant"},
    {"sha3", "abc", true, "3A985DA74FE225B2045C172D6BD390BD855F086E3E9D525B46BFE24511431532"},
    {"sha3_224", "abc", true, "E642824C3F8CF24AD09234EE7D3C766FC9A3A5168D0C94AD73B46FDF"},
    {"sha3_", "a", false, "unrecognised sha3 variant"},
    {"sha3_0224", "a", false, "unrecognised sha3 variant"},
    {"sha3_512", "", true, "A69F73CCA23A9AC5C8B567DC185A756E97C982164FE25859E0D1DCC1475C80A615B2123AF1F5F94C11E3E9402C3AC558F500199D95B6D3E301758586281DCD26"},
    {"sha3_384", "", true, "0C63A75B845E4F7D01107D852E4C2485C51A50AAAA94FC61995E71BBEE983A2AC3713831264ADB47FB6BD1E058D5F004"},
    {"sha3_100", "a", false, "unrecognised sha3 variant"},
    {"base64", "", true, ""},
    {"base64", "a", true, "YQ=="},
    {"base64", "ab\xff", true, "YWL/"},
    {"base64_1", "a", true, "YQ=="},
    {"str2b64", "abcd", true, "YWJjZA=="},
    {"base64d", "!!", false, "string \"!!\" is not well-formed for \"base64d\" operator"},
    {"base64d", "YQ==", true, "a"},
    {"base64d", "YQ", false, "string \"YQ\" is not well-formed for \"base64d\" operator"},
    {"base64d", "YQ=", false, "string \"YQ=\" is not well-formed for \"base64d\" operator"},
    {"base64d", "Y", false, "string \"Y\" is not well-formed for \"base64d\" operator"},
    {"base64d", "YW Jj", true, "abc"},
    {"base64d", "YQ==YQ==", false, "string \"YQ==YQ==\" is not well-formed for \"base64d\" operator"},
    {"base64d", "", true, ""},
    {"base64d", "YWJj\n", true, "abc"},
    {"base64d", "YQ==x", false, "string \"YQ==x\" is not well-formed for \"base64d\" operator"},
    {"base64d", "Y===", false, "string \"Y===\" is not well-formed for \"base64d\" operator"},
    {"base64d", "-_", false, "string \"-_\" is not well-formed for \"base64d\" operator"},
    {"base64d", "AA==", true, ""},
    {"base64d", "YQBi", true, "a"},
    {"base64d", "Y Q = =", true, "a"},
    {"base64d", "YWI=", true, "ab"},
    {"base64d", "YW=", false, "string \"YW=\" is not well-formed for \"base64d\" operator"},
    {"base64d", "YR==", true, "a"},
    {"base64d", "=", false, "string \"=\" is not well-formed for \"base64d\" operator"},
    {"base64d", "====", false, "string \"====\" is not well-formed for \"base64d\" operator"},
    {"base64d", "YQ=a", false, "string \"YQ=a\" is not well-formed for \"base64d\" operator"},
    {"base64d", "YQ==YQ", false, "string \"YQ==YQ\" is not well-formed for \"base64d\" operator"},
    {"base62", "0", true, "000000"},
    {"base62", "", true, "000000"},
    {"base62", "12345", true, "0003D7"},
    {"base62", "56800235583", true, "zzzzzz"},
    {"base62", "56800235584", true, "000000"},
    {"base62", "18446744073709551615", true, "16AHYF"},
    {"base62", "18446744073709551616", true, "16AHYF"},
    {"base62", "99999999999999999999999", true, "16AHYF"},
    {"base62", "-1", true, "16AHYF"},
    {"base62", " 1", true, "000001"},
    {"base62", "1x", false, "argument for base62 operator is \"1x\", which is not a decimal number"},
    {"base62", "+5", true, "000005"},
    {"base62", " ", false, "argument for base62 operator is \" \", which is not a decimal number"},
    {"base62", "-", false, "argument for base62 operator is \"-\", which is not a decimal number"},
    {"base62", "0x10", false, "argument for base62 operator is \"0x10\", which is not a decimal number"},
    {"base62d", "zzzzzz", true, "56800235583"},
    {"base62d", "", true, "0"},
    {"base62d", "0", true, "0"},
    {"base62d", "a-", false, "argument for base62d operator is \"a-\", which is not a base 62 number"},
    {"base62d", "zzzzzzzzzzzzzzzz", true, "-1715782767523856385"},
    {"base32", "0", true, ""},
    {"base32", "", true, ""},
    {"base32", "31", true, "7"},
    {"base32", "18446744073709551615", true, "p777777777777"},
    {"base32", "99999999999999999999999", true, "p777777777777"},
    {"base32", "x", false, "argument for base32 operator is \"x\", which is not a decimal number"},
    {"base32d", "", true, "0"},
    {"base32d", "A", false, "argument for base32d operator is \"A\", which is not a base 32 number"},
    {"base32d", "a", true, "0"},
    {"base32d", "zzzzzzzzzzzzzzzzz", true, "-7140675125306923207"},
    {"base32d", "0", false, "argument for base32d operator is \"0\", which is not a base 32 number"},
    {"base32d", "8", false, "argument for base32d operator is \"8\", which is not a base 32 number"},
    {"base32d", "bb", true, "33"},
    {"hex2b64", "", true, ""},
    {"hex2b64", "616263", true, "YWJj"},
    {"hex2b64", "61626", false, "\"61626\" contains an odd number of characters"},
    {"hex2b64", "6G", false, "\"6G\" is not a hex string"},
    {"hex2b64", "6G6", false, "\"6G6\" is not a hex string"},
    {"hex2b64", "FFff", true, "//8="},
    {"hex2b64", " 61", false, "\" 61\" is not a hex string"},
    {"hex2b64", "00", true, "AA=="},
};
// clang-format on

TEST(OperatorsCodec, MatchesExim) { check_rows(kRows); }

TEST(OperatorsCodec, DigestsAreNotTainted) {
  TestContext ctx;
  TString in("abc", true);
  EXPECT_FALSE(run_operator("md5", in, ctx).out.tainted);
  EXPECT_FALSE(run_operator("sha3_512", in, ctx).out.tainted);
  EXPECT_TRUE(run_operator("base64", in, ctx).out.tainted);
}

}  // namespace
}  // namespace corvid::expand::testing

/// Byte strings that mean something to a reader: delimiters, quotes, line ends, byte order marks,
/// broken encodings, XML declarations and entities, SQL string breakers, huge numbers. Mutants
/// splice them in so the fuzzer reaches the parsers' edges, not just their error paths.
enum FuzzTokens {
    static func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// For every format: line ends, NUL, byte order marks and illegal or tricky encodings.
    static let common: [[UInt8]] = [
        [0x0D], [0x0A], [0x0D, 0x0A], [0x00], [0x00, 0x00, 0x00, 0x00],
        [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], [0xFF, 0xFE, 0x00, 0x00],
        // Overlong UTF-8 for "/" and NUL, a UTF-8-encoded lone surrogate, bytes never valid in UTF-8.
        [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xF0, 0x80, 0x80, 0xAF], [0xC0, 0x80], [0xED, 0xA0, 0x80],
        [0xFF], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80],
        // Lone UTF-16 surrogates, both byte orders.
        [0x00, 0xD8], [0xD8, 0x00], [0x00, 0xDC, 0x41, 0x00],
        // GB18030 four-byte sequences and their bare prefixes; a Big5 lead byte alone.
        [0x81, 0x30], [0x81, 0x30, 0x81], [0x84, 0x31, 0xA4, 0x39], [0xFE, 0x39, 0xFE, 0x39], [0xA4],
        utf8("99999999999999999999999999999"), utf8("-9223372036854775809"), utf8("1e999"), utf8("4294967296"),
        utf8("13800138000"), utf8("+86 138-0013-8000"), utf8("11010519491231002X"),
        utf8("=cmd|' /C calc'!A0"), utf8("+1+1"), utf8("-2+3"), utf8("@SUM(A1)"),
        utf8("客户姓名"), utf8("\u{200E}"), utf8("\u{FEFF}"),
    ]

    static let csv: [[UInt8]] = [
        utf8("\""), utf8("\"\""), utf8(","), utf8(";"), utf8("\t"), utf8("|"), utf8("sep=;\n"), utf8("sep=\t\r\n"),
        utf8("\",\""), utf8("\"\r\n\""), utf8(",,,,,,,,,,,,,,,,"), utf8("姓名,手机,生日\r\n"),
        utf8("交易时间,公众账号ID,商户号"), utf8("总交易单数,应结订单总金额"),
    ]

    static let xml: [[UInt8]] = [
        utf8("<!DOCTYPE"), utf8("<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"),
        utf8("<!ENTITY e SYSTEM \"file:///etc/passwd\">"), utf8("&"), utf8("&a;"), utf8("&#0;"), utf8("&#xD800;"),
        utf8("&lt;"), utf8("ss:Index=\"999999999\""), utf8("ss:Index=\"-1\""), utf8("ss:Index=\"0\""),
        utf8("ss:MergeAcross=\"16384\""), utf8("ss:MergeDown=\"999999999\""), utf8("ss:Span=\"99999\""),
        utf8("<Row>"), utf8("</Row>"), utf8("<Cell>"), utf8("</Cell>"), utf8("<Data ss:Type=\"String\">"),
        utf8("</Data>"), utf8("<Worksheet ss:Name=\"x\"><Table>"), utf8("</Table></Worksheet>"),
        utf8("<![CDATA["), utf8("]]>"), utf8("<?xml version=\"1.0\" encoding=\"UTF-16\"?>"), utf8("<html:Br/>"),
        utf8("<"), utf8(">"), utf8("\""), utf8("'"),
    ]

    static let sql: [[UInt8]] = [
        utf8("'"), utf8("\\'"), utf8("\\"), utf8("''"), utf8("');"), utf8("'); DROP TABLE customers; --"),
        utf8("INSERT INTO `t` VALUES ("), utf8("),("), utf8(");\n"), utf8("/*"), utf8("*/"), utf8("-- "),
        utf8("CREATE TABLE `x` (\n  `a` int,\n  `b` varchar(9)\n);\n"), utf8("0x"), utf8("X'"), utf8("_binary '"),
        utf8("NULL"), utf8(";"), utf8("`"), utf8("\""), utf8("/*!40101 SET NAMES utf8 */;"), utf8("b'"),
    ]

    static let chat: [[UInt8]] = [
        utf8("2024-03-01 10:00:00 张三\n"), utf8("9999-99-99 99:99:99 x\n"), utf8("[01/03/2024, 10:00:00] 王姐: "),
        utf8("01/03/2024, 10:00 - 王姐: "), utf8("3/1/24, 10:00 PM - A: "), utf8("<Media omitted>"), utf8(": "),
        utf8(" - "), utf8("[图片]"),
    ]
}

#!/usr/bin/env python3
"""Writes the reader benchmark's files: deterministic, shaped like samples/, sized for timing.

Usage: bench-readers-data.py OUT_DIR [SCALE]
  OUT_DIR/customers.xml   SpreadsheetML workbook, two sheets, ~50 MB at SCALE 1
  OUT_DIR/legacy_pos.sql  mysqldump with a customers and an orders table, ~100 MB
  OUT_DIR/wechat.txt      MemoTrace-style WeChat group export, ~50 MB
  OUT_DIR/pos.csv         POS receipt lines, UTF-8, ~50 MB
Same arguments give the same bytes. Files that already exist are left alone.
"""
import os
import random
import sys

out_dir = sys.argv[1]
scale = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
os.makedirs(out_dir, exist_ok=True)

surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
given = "小红明丽静敏强伟芳娜秀英华慧巧美娟霞平刚桂兰玉萍建国志勇军洋艳杰涛超晓燕婷雪琳欣怡佳宇浩然子涵梓萱一诺雨桐思"
notes = ["喜欢自然卷，对染发剂过敏", "找Tony剪 不要烫发", "只加微信 别打电话", "頭皮敏感，喜歡短髮", "",
         "每月护理一次", "染完头皮痒 疑似过敏", "喜欢大波浪 & 空气刘海", "发质细软 <容易干枯>", "不染发，只剪发；无过敏"]
items = [("洗剪吹", 6800), ("烫发", 39800), ("染发", 29800), ("头皮护理", 19800), ("护发素", 3000), ("造型", 5000)]
stylists = ["Tony", "Amy", "Kevin", "小李", "阿杰"]


def name(rng):
    return rng.choice(surnames) + "".join(rng.choice(given) for _ in range(rng.randint(1, 2)))


def mobile(rng):
    return rng.choice(["138", "139", "150", "186", "177", "199"]) + f"{rng.randrange(10**8):08d}"


def xml_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_spreadsheetml(path, rows):
    rng = random.Random(1)
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n')
        out.write('<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
                  'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" '
                  'xmlns:html="http://www.w3.org/TR/REC-html40">\n')
        for sheet in ("2022", "2023"):
            out.write(f' <Worksheet ss:Name="{sheet}">\n  <Table>\n')
            out.write('   <Row><Cell ss:MergeAcross="5"><Data ss:Type="String">会员档案</Data></Cell></Row>\n')
            out.write('   <Row>' + "".join(f'<Cell><Data ss:Type="String">{h}</Data></Cell>'
                      for h in ["姓名", "手机", "性别", "生日", "储值余额", "备注"]) + '</Row>\n')
            lines = []
            for index in range(rows // 2):
                cells = [
                    f'<Cell><Data ss:Type="String">{name(rng)}</Data></Cell>',
                    f'<Cell><Data ss:Type="Number">{mobile(rng)}</Data></Cell>',
                    f'<Cell><Data ss:Type="String">{rng.choice("男女")}</Data></Cell>',
                    f'<Cell ss:StyleID="date"><Data ss:Type="DateTime">{rng.randint(1960, 2005)}-'
                    f'{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T00:00:00.000</Data></Cell>',
                    f'<Cell><Data ss:Type="Number">{rng.randint(0, 500000) / 100}</Data></Cell>',
                ]
                note = rng.choice(notes)
                if note:
                    cells.append(f'<Cell><Data ss:Type="String">{xml_escape(note)}</Data></Cell>')
                lines.append("   <Row>" + "".join(cells) + "</Row>\n")
                if len(lines) >= 5000:
                    out.write("".join(lines))
                    lines.clear()
            out.write("".join(lines))
            out.write("  </Table>\n </Worksheet>\n")
        out.write("</Workbook>\n")


def sql_quote(text):
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"


def write_sql_dump(path, rows):
    rng = random.Random(2)
    with open(path, "w", encoding="utf-8") as out:
        out.write("-- MySQL dump 10.13  Distrib 5.7.44, for Linux (x86_64)\n/*!40101 SET NAMES utf8mb4 */;\n\n")
        out.write("CREATE TABLE `customers` (\n  `id` int(11) NOT NULL AUTO_INCREMENT,\n"
                  "  `name` varchar(50) NOT NULL DEFAULT '',\n  `mobile` varchar(20) DEFAULT NULL,\n"
                  "  `birthday` date DEFAULT NULL,\n  `note` text,\n  PRIMARY KEY (`id`)\n"
                  ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n\n")
        out.write("CREATE TABLE `orders` (\n  `id` int(11) NOT NULL,\n  `customer_id` int(11) DEFAULT NULL,\n"
                  "  `item` varchar(50) NOT NULL,\n  `amount` decimal(10,2) NOT NULL,\n"
                  "  `paid_at` datetime NOT NULL,\n  `stylist` varchar(20) DEFAULT NULL\n"
                  ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n\n")
        customers = rows // 3
        for start in range(0, customers, 500):
            values = []
            for index in range(start, min(customers, start + 500)):
                birthday = "NULL" if rng.random() < 0.2 else \
                    f"'{rng.randint(1960, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}'"
                values.append(f"({index + 1},{sql_quote(name(rng))},'{mobile(rng)}',{birthday},"
                              f"{sql_quote(rng.choice(notes))})")
            out.write("INSERT INTO `customers` VALUES " + ",".join(values) + ";\n")
        orders = rows - customers
        for start in range(0, orders, 500):
            values = []
            for index in range(start, min(orders, start + 500)):
                item, price = rng.choice(items)
                values.append(f"({index + 1},{rng.randint(1, customers)},{sql_quote(item)},{price // 100}.{price % 100:02d},"
                              f"'2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(9, 21):02d}:"
                              f"{rng.randint(0, 59):02d}:00',{sql_quote(rng.choice(stylists))})")
            out.write("INSERT INTO `orders` VALUES " + ",".join(values) + ";\n")


def write_wechat(path, messages):
    rng = random.Random(3)
    senders = ["丽人坊前台小美", "王姐", "李小姐", "张先生", "Tony老师", "阿杰"]
    texts = ["明天下午三点想约个剪发，找Tony", "我电话138 0013 8000，麻烦登记一下", "[图片]", "好的收到",
             "周六上午10点烫发 还有位置吗", "她对染发剂过敏，记得用植物染", "号码打错了 应该是13900139000",
             "本周烫染8折，欢迎预约～\n名额有限\n先到先得"]
    with open(path, "w", encoding="utf-8") as out:
        out.write("======== 导出自 MemoTrace：丽人坊发型沙龙·会员群 ========\n")
        lines = []
        for index in range(messages):
            day, second = divmod(index * 37, 86400)
            hour, rest = divmod(second, 3600)
            lines.append(f"2024-{1 + day // 28 % 12:02d}-{1 + day % 28:02d} {hour:02d}:{rest // 60:02d}:{rest % 60:02d} "
                         f"{rng.choice(senders)}\n{rng.choice(texts)}\n\n")
            if len(lines) >= 10000:
                out.write("".join(lines))
                lines.clear()
        out.write("".join(lines))


def write_pos(path, rows):
    rng = random.Random(4)
    with open(path, "w", encoding="utf-8") as out:
        out.write("小票号,消费时间,门店,会员卡号,手机,服务项目,数量,单价,金额,支付方式,状态,原单号,发型师\n")
        lines = []
        receipt = 0
        while receipt * 2 < rows:
            receipt += 1
            phone = mobile(rng)
            masked = phone[:3] + "****" + phone[7:] if rng.random() < 0.3 else phone
            when = f"2024-03-{1 + receipt % 28:02d} {9 + receipt % 12:02d}:{receipt % 60:02d}:00"
            for _ in range(2):
                item, price = rng.choice(items)
                lines.append(f"R{receipt:09d},{when},SH01,VIP{receipt % 9999:04d},{masked},{item},1,"
                             f"{price // 100}.{price % 100:02d},{price // 100}.{price % 100:02d},"
                             f"{rng.choice(['微信', '支付宝', '现金', '储值卡'])},正常,,{rng.choice(stylists)}\n")
            if len(lines) >= 10000:
                out.write("".join(lines))
                lines.clear()
        out.write("".join(lines))


jobs = [
    ("customers.xml", write_spreadsheetml, int(150_000 * scale)),
    ("legacy_pos.sql", write_sql_dump, int(1_500_000 * scale)),
    ("wechat.txt", write_wechat, int(800_000 * scale)),
    ("pos.csv", write_pos, int(500_000 * scale)),
]
for file_name, writer, count in jobs:
    path = os.path.join(out_dir, file_name)
    if not os.path.exists(path):
        writer(path + ".tmp", count)
        os.replace(path + ".tmp", path)
    print(f"{path}: {os.path.getsize(path) / 1e6:.1f} MB", file=sys.stderr)

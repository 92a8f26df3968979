#!/usr/bin/env python3
"""Writes W2, a salon chain's whole estate, and the pipeline that migrates it.

Usage: bench-w2-data.py OUT_DIR [STORES] [CUSTOMERS_PER_STORE] [RECEIPT_LINES_PER_STORE]
Defaults: 60 stores, 5,000 customers each (300,000), 50,000 receipt lines each (3,000,000).

Per store, in the shapes of samples/:
- a customer export: GB18030 CSV with a title row (stores 0, 3, 6 …), SpreadsheetML with a sheet
  per year (1, 4, 7 …) or UTF-8 CSV (2, 5, 8 …); about 8% of customers also visit another store,
  under the same phone, so the chain's customers merge across stores;
- the till's receipt lines (POS CSV, UTF-8), members by card and phone, masked phones, refunds.
Per ten stores, the staff WeChat group (MemoTrace TXT) with phones and bookings; and one old
till's MySQL dump (members and orders) for store 0.
OUT_DIR/w2.yaml is the pipeline. Same arguments give the same bytes; existing files are kept.
"""
import os
import random
import sys

out_dir = sys.argv[1]
stores = int(sys.argv[2]) if len(sys.argv) > 2 else 60
per_store = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
lines_per_store = int(sys.argv[4]) if len(sys.argv) > 4 else 50000
os.makedirs(out_dir, exist_ok=True)

surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
given = "小红明丽静敏强伟芳娜秀英华慧巧美娟霞平刚桂兰玉萍建国志勇军洋艳杰涛超晓燕婷雪琳欣怡佳宇浩然子涵梓萱一诺雨桐思"
notes = ["喜欢自然卷，对染发剂过敏", "找Tony剪 不要烫发", "只加微信 别打电话", "頭皮敏感，喜歡短髮", "",
         "每月护理一次", "染完头皮痒 疑似过敏", "喜欢大波浪 空气刘海", "发质细软 容易干枯", "不染发，只剪发；无过敏"]
items = [("洗剪吹", 6800), ("烫发", 39800), ("染发", 29800), ("头皮护理", 19800), ("护发素", 3000), ("造型", 5000)]
stylists = ["Tony", "Amy", "Kevin", "小李", "阿杰"]
prefixes = ["138", "139", "150", "186", "177", "199", "135", "158"]


def code(store):
    return f"S{store + 1:03d}"


def person(index):
    """The chain-wide customer with this number: name, phone, birthday, note (deterministic)."""
    rng = random.Random(index)
    name = rng.choice(surnames) + "".join(rng.choice(given) for _ in range(rng.randint(1, 2)))
    phone = prefixes[index % len(prefixes)] + f"{(index * 7919 + 12345) % 10**8:08d}"
    birthday = "" if rng.random() < 0.2 else f"{rng.randint(1960, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return name, phone, birthday, rng.choice(notes), rng.choice("男女")


def messy(phone, rng):
    r = rng.random()
    if r < 0.1:
        return f"{phone[:3]} {phone[3:7]} {phone[7:]}"
    if r < 0.15:
        return "+86 " + phone
    if r < 0.18:
        return phone + ".0"
    return phone


def customers_of(store):
    """Customer numbers of a store: its own, plus some who also visit another store."""
    rng = random.Random(1000 + store)
    own = list(range(store * per_store, (store + 1) * per_store))
    shared = [rng.randrange(stores * per_store) for _ in range(per_store * 8 // 100)]
    return own[: per_store - len(shared)] + shared


def write_csv(path, store, encoding):
    rng = random.Random(2000 + store)
    with open(path, "w", encoding=encoding, newline="") as out:
        if encoding != "utf-8":
            out.write(f"{code(store)} 会员资料导出\r\n")
        out.write("姓名,手机,性别,生日,储值余额,备注\r\n")
        for index in customers_of(store):
            name, phone, birthday, note, gender = person(index)
            balance = f"{rng.randint(0, 300000) / 100:.2f}" if rng.random() < 0.4 else ""
            out.write(f"{name},{messy(phone, rng)},{gender},{birthday},{balance},{note}\r\n")


def write_spreadsheetml(path, store):
    rng = random.Random(3000 + store)
    members = customers_of(store)
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
                  '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
                  'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n')
        half = len(members) // 2
        for sheet, part in (("2022", members[:half]), ("2023", members[half:])):
            out.write(f' <Worksheet ss:Name="{sheet}">\n  <Table>\n')
            out.write('   <Row><Cell ss:MergeAcross="4"><Data ss:Type="String">会员档案</Data></Cell></Row>\n')
            out.write('   <Row>' + "".join(f'<Cell><Data ss:Type="String">{h}</Data></Cell>'
                                         for h in ["姓名", "手机", "性别", "生日", "备注"]) + '</Row>\n')
            for index in part:
                name, phone, birthday, note, gender = person(index)
                cells = [f'<Cell><Data ss:Type="String">{name}</Data></Cell>',
                         f'<Cell><Data ss:Type="Number">{phone}</Data></Cell>',
                         f'<Cell><Data ss:Type="String">{gender}</Data></Cell>']
                cells.append(f'<Cell><Data ss:Type="DateTime">{birthday}T00:00:00.000</Data></Cell>' if birthday
                             else '<Cell/>')
                if note:
                    cells.append(f'<Cell><Data ss:Type="String">{note}</Data></Cell>')
                out.write("   <Row>" + "".join(cells) + "</Row>\n")
            out.write("  </Table>\n </Worksheet>\n")
        out.write("</Workbook>\n")


def write_pos(path, store):
    rng = random.Random(4000 + store)
    members = customers_of(store)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("小票号,消费时间,门店,会员卡号,手机,服务项目,数量,单价,金额,支付方式,状态,原单号,发型师\r\n")
        written = receipt = 0
        rows = []
        while written < lines_per_store:
            receipt += 1
            index = rng.choice(members)
            phone = person(index)[1]
            shown = phone[:3] + "****" + phone[7:] if rng.random() < 0.2 else phone
            card = f"VIP{index:07d}" if rng.random() < 0.5 else ""
            day = receipt * 365 // (lines_per_store // 2 + 1)
            month, dom = 1 + day // 31 % 12, 1 + day % 28
            when = f"2023-{month:02d}-{dom:02d} {9 + receipt % 12:02d}:{receipt % 60:02d}:00"
            number = f"{code(store)}{receipt:08d}"
            if receipt > 10 and rng.random() < 0.01:
                item, price = rng.choice(items)
                rows.append(f"{number},{when},{code(store)},,{shown},{item},-1,{price // 100}.00,-{price // 100}.00,"
                            f"微信,退款,{code(store)}{receipt - 10:08d},{rng.choice(stylists)}\r\n")
                written += 1
                continue
            for _ in range(rng.randint(1, 3)):
                item, price = rng.choice(items)
                pay = rng.choice(["微信", "支付宝", "现金", "储值卡"]) if card else rng.choice(["微信", "支付宝", "现金"])
                rows.append(f"{number},{when},{code(store)},{card},{shown},{item},1,{price // 100}.{price % 100:02d},"
                            f"{price // 100}.{price % 100:02d},{pay},正常,,{rng.choice(stylists)}\r\n")
                written += 1
            if len(rows) >= 10000:
                out.write("".join(rows))
                rows.clear()
        out.write("".join(rows))


def write_chat(path, group):
    rng = random.Random(5000 + group)
    first = group * 10
    senders = ["前台小美", "王姐", "李小姐", "张先生", "Tony老师", "阿杰"]
    with open(path, "w", encoding="utf-8") as out:
        out.write(f"======== 导出自 MemoTrace：{code(first)}-{code(min(first + 9, stores - 1))} 员工群 ========\n")
        for message in range(per_store * 2):
            day, second = divmod(message * 97, 86400)
            hour, rest = divmod(second, 3600)
            stamp = f"2023-{1 + day // 28 % 12:02d}-{1 + day % 28:02d} {hour:02d}:{rest // 60:02d}:{rest % 60:02d}"
            index = rng.choice(customers_of(min(first + rng.randrange(10), stores - 1))[:200])
            name, phone = person(index)[:2]
            text = rng.choice([
                f"{name}电话{phone[:3]} {phone[3:7]} {phone[7:]}，明天下午三点约剪发",
                "[图片]", "好的收到", f"{name}对染发剂过敏，记得用植物染",
                "周六上午10点烫发 还有位置吗", "本周烫染8折，欢迎预约～\n名额有限"])
            out.write(f"{stamp} {rng.choice(senders)}\n{text}\n\n")


def write_dump(path):
    rng = random.Random(6000)
    members = customers_of(0)
    with open(path, "w", encoding="utf-8") as out:
        out.write("-- MySQL dump 10.13  Distrib 5.7.44, for Linux (x86_64)\n/*!40101 SET NAMES utf8mb4 */;\n\n")
        out.write("CREATE TABLE `members` (\n  `id` int(11) NOT NULL,\n  `name` varchar(50) NOT NULL,\n"
                  "  `mobile` varchar(20) DEFAULT NULL,\n  `birthday` date DEFAULT NULL,\n  `note` text\n) ENGINE=InnoDB;\n\n")
        for start in range(0, len(members), 500):
            values = []
            for index in members[start:start + 500]:
                name, phone, birthday, note, _ = person(index)
                values.append(f"({index},'{name}','{phone}',{repr(birthday) if birthday else 'NULL'},'{note}')")
            out.write("INSERT INTO `members` VALUES " + ",".join(values) + ";\n")
        out.write("\nCREATE TABLE `orders` (\n  `receipt_no` varchar(20) NOT NULL,\n  `store` varchar(10) NOT NULL,\n"
                  "  `paid_at` datetime NOT NULL,\n  `amount` decimal(10,2) NOT NULL\n) ENGINE=InnoDB;\n\n")
        for start in range(0, per_store * 4, 500):
            values = []
            for number in range(start, min(per_store * 4, start + 500)):
                item, price = rng.choice(items)
                values.append(f"('L{number:08d}','{code(0)}','2021-{1 + number % 12:02d}-{1 + number % 28:02d} 10:00:00',"
                              f"{price // 100}.{price % 100:02d})")
            out.write("INSERT INTO `orders` VALUES " + ",".join(values) + ";\n")


def keep(path, writer, *arguments):
    if not os.path.exists(path):
        writer(path + ".tmp", *arguments)
        os.replace(path + ".tmp", path)


os.makedirs(f"{out_dir}/customers", exist_ok=True)
os.makedirs(f"{out_dir}/pos", exist_ok=True)
os.makedirs(f"{out_dir}/chat", exist_ok=True)
sources = []
for store in range(stores):
    kind = store % 3
    if kind == 0:
        path = f"customers/{code(store)}.csv"
        keep(f"{out_dir}/{path}", write_csv, store, "gb18030")
        read = f"{{ format: csv, path: {path}, encoding: gb18030 }}"
    elif kind == 1:
        path = f"customers/{code(store)}.xml"
        keep(f"{out_dir}/{path}", write_spreadsheetml, store)
        read = f"{{ format: spreadsheetml, path: {path} }}"
    else:
        path = f"customers/{code(store)}-utf8.csv"
        keep(f"{out_dir}/{path}", write_csv, store, "utf-8")
        read = f"{{ format: csv, path: {path} }}"
    columns = "{ name: 姓名, phone: 手机, gender: 性别, birthday: 生日, notes: 备注" + ("" if kind == 1 else ", balance: 储值余额") + " }"
    sources.append(f"  - id: {code(store).lower()}-customers\n    entity: customers\n    store: {code(store)}\n"
                   f"    read: {read}\n    columns: {columns}\n")
    keep(f"{out_dir}/pos/{code(store)}.csv", write_pos, store)
keep(f"{out_dir}/legacy.sql", write_dump)
sources.append("  - id: legacy-members\n    entity: customers\n    store: S001\n"
               "    read: { format: sql-dump, path: legacy.sql, table: members }\n"
               "    columns: { name: name, phone: mobile, birthday: birthday, notes: note }\n")
for group in range((stores + 9) // 10):
    keep(f"{out_dir}/chat/group{group + 1:02d}.txt", write_chat, group)
    sources.append(f"  - id: chat-{group + 1:02d}\n    entity: chat\n    store: {code(group * 10)}\n"
                   f"    read: {{ format: wechat-txt, path: chat/group{group + 1:02d}.txt }}\n")
sources.append("""  - id: tills
    entity: receipts
    store: S001
    read: { format: pos-csv, path: pos/S*.csv }
    columns: { receipt_number: 小票号, time: 消费时间, store: 门店, card_number: 会员卡号, phone: 手机, item: 服务项目,
               quantity: 数量, unit_price: 单价, amount: 金额, payment: 支付方式, status: 状态, original_receipt: 原单号,
               technician: 发型师 }
  - id: legacy-orders
    entity: receipts
    store: S001
    read: { format: sql-dump, path: legacy.sql, table: orders }
    columns: { receipt_number: receipt_no, store: store, time: paid_at, amount: amount }
""")
with open(f"{out_dir}/w2.yaml", "w", encoding="utf-8") as out:
    out.write(f"# W2: {stores} stores, generated by scripts/bench-w2-data.py\nname: w2\n"
              "target: { sqlite: crm.sqlite }\nworkspace: runs\nsources:\n" + "".join(sources) +
              "normalize:\n  phone: { region: CN }\n  tags: TAGS\nvalidate:\n  max_reject_rate: 0.2\n")
total = sum(os.path.getsize(os.path.join(root, f)) for root, _, files in os.walk(out_dir) for f in files
            if not f.endswith((".sqlite", ".json", ".html", ".jsonl")) and "runs" not in root)
print(f"{out_dir}: {total / 1e6:.0f} MB of sources", file=sys.stderr)

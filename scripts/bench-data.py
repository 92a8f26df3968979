#!/usr/bin/env python3
"""Writes the benchmark's synthetic customer CSV: deterministic, GB18030, messy like samples/.

Usage: bench-data.py ROWS OUT.csv   (same ROWS → same bytes, always)
About 10% of rows repeat an earlier customer's phone (often written differently), about 2% have
a broken phone, and notes, dates and amounts come in the forms salon staff type.
"""
import random
import sys

rows = int(sys.argv[1])
out_path = sys.argv[2]
rng = random.Random(20261128)

surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
given = "小红明丽静敏强伟芳娜秀英华慧巧美娟霞平刚桂兰玉萍建国志勇军洋艳杰涛超晓燕婷雪琳欣怡佳宇浩然子涵梓萱一诺雨桐思"
honorifics = ["", "", "", "", "", "", "女士", "小姐", "先生", "姐"]
notes = [
    "喜欢自然卷，对染发剂过敏", "找Tony剪 不要烫发", "只加微信 别打电话", "頭皮敏感，喜歡短髮", "",
    "", "", "每月护理一次", "染完头皮痒 疑似过敏", "喜欢大波浪", "发质细软 容易干枯", "不染发，只剪发；无过敏",
    "朋友介绍 第一次来", "价格敏感 等活动再来", "指定Amy老师", "备注, 带逗号的\"引号\"说明",
]
levels = ["普通", "银卡", "金卡", "钻石", "普通会员", "金卡会员", ""]
genders = ["女", "男", "", "女", "F", "M"]
mobile_prefixes = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
                   "155", "156", "157", "158", "159", "166", "176", "177", "178", "180", "181", "182",
                   "183", "185", "186", "187", "188", "189", "191", "198", "199"]

def phone_forms(number):
    form = rng.random()
    if form < 0.55:
        return number
    if form < 0.65:
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    if form < 0.72:
        return f"{number[:3]}-{number[3:7]}-{number[7:]}"
    if form < 0.78:
        return "+86 " + number
    if form < 0.82:
        return number + ".0"
    if form < 0.86:
        return "".join(chr(ord(c) + 0xFEE0) for c in number)
    if form < 0.90:
        return "0086" + number
    return number

def birthday():
    y, m, d = rng.randint(1950, 2010), rng.randint(1, 12), rng.randint(1, 28)
    form = rng.random()
    if form < 0.3:
        return f"{y}/{m}/{d}"
    if form < 0.55:
        return f"{y}-{m:02d}-{d:02d}"
    if form < 0.7:
        return f"{y}{m:02d}{d:02d}"
    if form < 0.8:
        return f"{y}年{m}月{d}日"
    if form < 0.85:
        return f"{m}月{d}日"
    if form < 0.88:
        return "农历" + "正二三四五六七八九十冬腊"[m - 1] + "月初" + "一二三四五六七八九十"[d % 10]
    return ""

def amount():
    fen = rng.randint(0, 5_000_000)
    form = rng.random()
    if form < 0.4:
        return f"{fen // 100}.{fen % 100:02d}"
    if form < 0.6:
        return f"¥{fen // 100:,}.{fen % 100:02d}"
    if form < 0.75:
        return f"{fen // 100}元"
    if form < 0.8:
        return ""
    return str(fen // 100)

def quote(cell):
    if any(c in cell for c in ',"\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell

phones = []
with open(out_path, "wb") as out:
    out.write("连锁店客户档案（基准测试数据）,,,,,,,\r\n".encode("gb18030"))
    out.write("姓名,手机,性别,生日,会员等级,储值余额,开卡日期,备注\r\n".encode("gb18030"))
    buffer = []
    for index in range(rows):
        r = rng.random()
        if r < 0.10 and phones:
            # The same customer again (another store's export, a re-keyed card): same phone,
            # mostly the same name, sometimes a relative sharing the phone.
            number, name = phones[rng.randrange(len(phones))]
            if rng.random() < 0.1:
                name = rng.choice(surnames) + rng.choice(given) + rng.choice(given)
        else:
            number = rng.choice(mobile_prefixes) + f"{rng.randrange(10**8):08d}"
            name = rng.choice(surnames) + "".join(rng.choice(given) for _ in range(rng.randint(1, 2))) + rng.choice(honorifics)
            phones.append((number, name))
        if r > 0.98:
            phone = rng.choice(["1.38001E+10", number[:10], "12" + number[2:], "无"])
        else:
            phone = phone_forms(number)
        join = f"{rng.randint(2015, 2023)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        row = [name, phone, rng.choice(genders), birthday(), rng.choice(levels), amount(), join, rng.choice(notes)]
        buffer.append(",".join(quote(c) for c in row))
        if len(buffer) >= 10000:
            out.write(("\r\n".join(buffer) + "\r\n").encode("gb18030"))
            buffer.clear()
    if buffer:
        out.write(("\r\n".join(buffer) + "\r\n").encode("gb18030"))

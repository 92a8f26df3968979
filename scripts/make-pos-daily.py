#!/usr/bin/env python3
"""Writes samples/pos-daily/: the daily cashier exports of two stores as the import job meets them.

inbox/ is the drop folder `salon-etl import pipelines/pos-daily.yaml` reads:
- each day's export repeats the previous day's late receipts (rung after the export ran);
- SH01_20240302_更正.csv re-exports 2024-03-02 with two corrections (a discount, a stylist);
- SH01_20240303.csv was cut while the till was writing its last line;
- BJ02 exports are GBK, as its older till writes them;
- 积分 is the line's loyalty points: earned (one per yuan) on a member's paid lines, negative where
  points were redeemed, empty for walk-ins and stored-value top-ups.
archive/ holds the till's full archived exports (here 2024-03-03 uncut), for `--backfill`.
The data are fictional. Run: python3 scripts/make-pos-daily.py
"""
import pathlib

root = pathlib.Path(__file__).resolve().parent.parent / "samples" / "pos-daily"
HEADER = "小票号,消费时间,门店,会员卡号,手机,服务项目,数量,单价,金额,支付方式,状态,原单号,发型师,积分"


def line(no, time, store, card, phone, item, qty, price, amount, pay, status="正常", orig="", tech="", points=None):
    if points is None:
        # One point per whole yuan a member pays; topping up the card earns none.
        points = str(int(float(amount))) if card and "充值" not in item else ""
    return ",".join([no, time, store, card, phone, item, qty, price, amount, pay, status, orig, tech, points])


sh01 = {
    "0301": [
        line("SH0301001", "2024-03-01 10:05:12", "SH01", "VIP0001", "13800138001", "洗剪吹", "1", "68.00", "68.00", "微信", tech="Tony"),
        line("SH0301001", "2024-03-01 10:05:12", "SH01", "VIP0001", "13800138001", "护发素", "1", "30.00", "30.00", "微信", tech="Tony"),
        line("SH0301002", "2024-03-01 11:20:00", "SH01", "", "13900139002", "烫发", "1", "380.00", "380.00", "支付宝", tech="阿杰"),
        line("SH0301003", "2024-03-01 14:00:45", "SH01", "VIP0003", "13800138003", "储值卡充值", "1", "1000.00", "1000.00", "微信"),
        line("SH0301004", "2024-03-01 16:30:00", "SH01", "VIP0003", "13800138003", "染发", "1", "288.00", "288.00", "储值卡", tech="Kevin"),
        line("SH0301005", "2024-03-01 21:10:00", "SH01", "", "138****5678", "头皮护理", "1", "158.00", "158.00", "现金", tech="Tony"),
        line("SH0301006", "2024-03-01 21:40:30", "SH01", "VIP0001", "", "洗吹", "1", "45.00", "45.00", "会员卡", tech="阿杰"),
    ],
    "0302": [
        line("SH0302001", "2024-03-02 09:50:00", "SH01", "", "13700137004", "剪发", "1", "58.00", "58.00", "微信", tech="Tony"),
        line("SH0302002", "2024-03-02 13:15:20", "SH01", "VIP0003", "13800138003", "烫发", "1", "380.00", "380.00", "储值卡", tech="阿杰"),
        line("SH0302002", "2024-03-02 13:15:20", "SH01", "VIP0003", "13800138003", "护发素", "2", "30.00", "60.00", "储值卡", tech="阿杰"),
        line("SH0302003", "2024-03-02 15:00:00", "SH01", "", "13900139002", "护发", "1", "128.00", "128.00", "刷卡", tech="Kevin"),
        line("SH0302004", "2024-03-02 21:20:00", "SH01", "VIP0001", "13800138001", "洗剪吹", "1", "68.00", "68.00", "微信", tech="Tony"),
    ],
    "0303": [
        line("SH0303001", "2024-03-03 10:30:00", "SH01", "", "13900139002", "烫发", "-1", "380.00", "-380.00", "支付宝", "退款", "SH0301002", "阿杰"),
        line("SH0303002", "2024-03-03 12:00:00", "SH01", "VIP0003", "13800138003", "洗吹", "1", "45.00", "45.00", "储值卡", tech="Kevin"),
        line("SH0303003", "2024-03-03 20:45:10", "SH01", "", "13600136005", "染发", "1", "268.00", "268.00", "微信", tech="Kevin"),
        line("SH0303003", "2024-03-03 20:45:10", "SH01", "", "13600136005", "护发素", "1", "30.00", "30.00", "微信", tech="Kevin"),
    ],
    "0304": [
        line("SH0304001", "2024-03-04 11:00:00", "SH01", "VIP0001", "13800138001", "剪发", "1", "58.00", "58.00", "微信", tech="Tony"),
        line("SH0304002", "2024-03-04 14:10:00", "SH01", "VIP0003", "", "洗吹", "1", "45.00", "45.00", "储值卡", tech="阿杰"),
        # 200 points redeemed for a free scalp treatment.
        line("SH0304003", "2024-03-04 16:20:00", "SH01", "VIP0001", "13800138001", "积分兑换头皮护理", "1", "0.00", "0.00", "积分",
             tech="Tony", points="-200"),
    ],
}
# The 2024-03-02 re-export: the perm was charged 380 but the member discount makes it 342, and
# the conditioner was sold by Kevin, not 阿杰.
corrected_0302 = list(sh01["0302"])
corrected_0302[1] = corrected_0302[1].replace("380.00,380.00", "380.00,342.00").replace(",阿杰,380", ",阿杰,342")
corrected_0302[2] = corrected_0302[2].replace(",阿杰", ",Kevin")

bj02 = {
    "0301": [
        line("BJ0301001", "2024-03-01 10:00:00", "BJ02", "BJ-1001", "13500135001", "宠物洗澡(小型犬)", "1", "88.00", "88.00", "微信", tech="小美"),
        line("BJ0301002", "2024-03-01 15:30:00", "BJ02", "", "13500135002", "美容造型", "1", "260.00", "260.00", "支付宝", tech="阿强"),
        line("BJ0301003", "2024-03-01 20:50:00", "BJ02", "BJ-1001", "13500135001", "驱虫", "1", "45.00", "45.00", "储值卡", tech="小美"),
    ],
    "0302": [
        line("BJ0302001", "2024-03-02 11:45:00", "BJ02", "", "13500135003", "宠物洗澡(大型犬)", "1", "158.00", "158.00", "现金", tech="阿强"),
        line("BJ0302002", "2024-03-02 19:05:00", "BJ02", "", "13500135002", "剪指甲", "1", "20.00", "20.00", "微信", tech="小美"),
    ],
}


def write(path, lines, encoding="utf-8", cut_at=None):
    text = HEADER + "\r\n" + "".join(l + "\r\n" for l in lines)
    data = text.encode(encoding)
    if cut_at is not None:
        data = data[: len(data) - cut_at]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


inbox = root / "inbox"
# Each export repeats the previous day's receipts rung after 21:00.
late = lambda day: [l for l in day if l.split(",")[1][11:13] >= "21"]
write(inbox / "SH01_20240301.csv", sh01["0301"])
write(inbox / "SH01_20240302.csv", late(sh01["0301"]) + sh01["0302"])
write(inbox / "SH01_20240302_更正.csv", late(sh01["0301"]) + corrected_0302)
day3 = late(sh01["0302"]) + sh01["0303"]
write(inbox / "SH01_20240303.csv", day3, cut_at=len("护发素,1,30.00,30.00,微信,正常,,Kevin,\r\n".encode()))
late3 = [l for l in sh01["0303"] if l.startswith("SH0303003")]
write(inbox / "SH01_20240304.csv", late3 + sh01["0304"])
write(root / "archive" / "SH01_20240303.csv", day3)
write(inbox / "BJ02_20240301.csv", bj02["0301"], encoding="gbk")
write(inbox / "BJ02_20240302.csv", late(bj02["0301"]) + bj02["0302"], encoding="gbk")

members = [
    "姓名,手机,会员卡号,备注",
    "王丽华,13800138003,VIP0003,对染发剂过敏 喜欢安静",
    "陈小燕,13800138001,VIP0001,常约Tony",
    "陈小燕女儿,13800138001,,陪妈妈来 学生",
]
(inbox / "SH01_会员_20240301.csv").write_bytes(("\r\n".join(members) + "\r\n").encode("utf-8"))
bj_members = ["姓名,手机,会员卡号,备注", "刘先生,13500135001,BJ-1001,金毛 怕吹风机"]
(inbox / "BJ02_会员_20240301.csv").write_bytes(("\r\n".join(bj_members) + "\r\n").encode("gbk"))
print(f"wrote {root}")

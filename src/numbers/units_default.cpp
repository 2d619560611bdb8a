// Generated from rules/units.toml (tests/numbers_test.cpp checks that the two are equal).
// After editing rules/units.toml, regenerate: see tools/README.md, "Number suites".
#include <string_view>

#include "numbers/units.h"

namespace jixiao {

std::string_view default_units_toml() {
  static constexpr std::string_view kText = R"UNITS_TOML(
# Units and words of the number parser (src/numbers/numbers.h).
#
# Read by NumberParser::load(rules_dir); the same text is built into NumberParser() (see
# src/numbers/units_default.cpp, a test keeps the two equal). Words are matched on text that
# the parser folded first: full-width ASCII becomes ASCII ("％" -> "%", "，" -> ","), and the
# traditional forms of number words become simplified (萬 -> 万, 億 -> 亿, 點 -> 点, 個 -> 个,
# 圓 -> 圆, 塊 -> 块, 幣 -> 币). Write words here in the folded form. Longer words win over
# shorter ones everywhere. Unknown keys are errors.

[money]
# Multipliers written between the number and the currency word. A unit is prefix + currency
# ("万元" = 万 + 元, "亿美元" = 亿 + 美元); `value` stays as written, `yuan` = value x scale.
prefixes = [
  { word = "十", scale = 1e1 },    # 十元 (rare, but 十万元 needs it as a part)
  { word = "百", scale = 1e2 },    # 3百日元
  { word = "千", scale = 1e3 },    # 千元: 单位：千元 in older tables
  { word = "万", scale = 1e4 },    # 万元: the usual unit of budget tables
  { word = "十万", scale = 1e5 },  # 十万元
  { word = "百万", scale = 1e6 },  # 百万元: some department reports
  { word = "千万", scale = 1e7 },  # 千万元
  { word = "亿", scale = 1e8 },    # 亿元: provincial totals
  { word = "十亿", scale = 1e9 },  # 十亿元
  { word = "百亿", scale = 1e10 }, # 百亿元
  { word = "千亿", scale = 1e11 }, # 千亿元
  { word = "万亿", scale = 1e12 }, # 万亿元: national totals
]
# Currency words after the number. code "CNY" gives `yuan`; its unit is written "元" whatever
# the word. colloquial = the word is money only in a money-like position (块 is also the
# classifier of 展板、标识牌: "宣传牌20块" is a count).
currencies = [
  { word = "元", code = "CNY" },                      # 元: the unit of every report
  { word = "圆", code = "CNY" },                      # 圆: capital form on cheques (壹佰圆整)
  { word = "块", code = "CNY", colloquial = true },   # 块: spoken 元 (十块钱)
  { word = "人民币", code = "CNY" },                  # 4人民币, 8亿元人民币
  { word = "美元", code = "USD" },                    # US dollar
  { word = "美圆", code = "USD" },                    # US dollar, older spelling
  { word = "美金", code = "USD" },                    # US dollar, spoken
  { word = "港元", code = "HKD" },                    # Hong Kong dollar
  { word = "港币", code = "HKD" },                    # Hong Kong dollar
  { word = "欧元", code = "EUR" },                    # euro
  { word = "日元", code = "JPY" },                    # yen
  { word = "日币", code = "JPY" },                    # yen, spoken
  { word = "英镑", code = "GBP" },                    # pound sterling
  { word = "台币", code = "TWD" },                    # New Taiwan dollar
  { word = "新台币", code = "TWD" },                  # New Taiwan dollar
  { word = "韩元", code = "KRW" },                    # won
  { word = "澳元", code = "AUD" },                    # Australian dollar
  { word = "加元", code = "CAD" },                    # Canadian dollar
  { word = "卢布", code = "RUB" },                    # rouble
  { word = "泰铢", code = "THB" },                    # baht
  { word = "瑞士法郎", code = "CHF" },                # Swiss franc
  { word = "法郎", code = "CHF" },                    # franc
  { word = "奈拉", code = "NGN" },                    # naira
  { word = "比特币", code = "BTC" },                  # bitcoin
]
# Currency words and signs before the number: 人民币50元, ￥300, $20, 港币两千九百六十元.
markers = [
  { word = "人民币", code = "CNY" },  # 人民币 50元
  { word = "RMB", code = "CNY" },     # RMB 50
  { word = "¥", code = "CNY" },       # ¥300 (also ￥ after folding)
  { word = "$", code = "USD" },       # $20
  { word = "US$", code = "USD" },     # US$20
  { word = "港币", code = "HKD" },    # 港币两千九百六十元
  { word = "新台币", code = "TWD" },  # 新台币 177.1 亿元
  { word = "美元", code = "USD" },    # 美元 300
]
# Smaller coins after a whole amount (123元1角1分) or alone after a capital numeral (肆角叁分).
subunits = [
  { word = "角", code = "CNY", scale = 0.1 },     # 1角 = 0.1元
  { word = "毛", code = "CNY", scale = 0.1 },     # spoken 角 (五元三毛)
  { word = "分", code = "CNY", scale = 0.01 },    # 1分 = 0.01元 (only after 元/角, else a score)
  { word = "美分", code = "USD", scale = 0.01 },  # cent
  { word = "日本銭", code = "JPY", scale = 0.01 },# sen
]
# Words that close an amount without changing it: 壹拾壹元整, 壹拾壹元正, 十块钱.
closers = [
  "整",  # 元整: cheque style
  "正",  # 元正: variant of 整
  "钱",  # 十块钱
]
# Denominators of a rate after a unit ("/" first): 132元/天, 50元/人; the unit becomes "元/天".
per = ["人次", "人", "天", "日", "次", "年", "月", "户", "亩", "件", "个", "平方米", "小时", "公里", "吨"]
# Words between the amounts of a compound sum: 两美元又三美分.
joiners = [
  "又",  # 两美元又三美分
  "零",  # 壹元零壹分
]

[percent]
# Signs after a number; value is given in percent: 2.4‰ -> 0.24 (unit "%").
symbols = [
  { word = "%", scale = 1 },      # 77.46%
  { word = "‰", scale = 0.1 },    # per mille
  { word = "‱", scale = 0.01 },  # per ten thousand
]
# Percentage points: kind percent, unit "百分点" (a difference of two rates, not a rate).
points = [
  "个百分点",  # 增长5个百分点
  "百分点",    # 下降0.5百分点
]
# N成 = N x 10% (九成, 三成半, 七成六). not_before: words where 成 starts another word.
tenths = [
  { word = "成", not_before = ["员", "本", "果", "绩", "立", "为", "功", "效", "交", "熟", "长", "都", "型", "品", "材", "色", "年", "就", "人", "分", "份", "套", "批", "片", "熟", "形", "败", "全", "亲", "像"] },
]
# N折 = a price at N x 10% (九折 = 90%, 七五折 = 75%, 9.9折 = 99%); only digit-by-digit numbers.
discounts = [
  { word = "折", not_before = ["合", "算", "旧", "射", "叠", "腾", "返", "线", "页", "痕", "磨", "服", "中", "价", "让", "半", "扣"] },
]
# Whole phrases that are a percent without a number: 打对折 = 50%.
phrases = [
  { before = "打", word = "对折", value = 50 },  # 打对折: half price
]

[score]
# 分 after an Arabic number is a score (98分) unless it starts another word.
words = [
  { word = "分", not_before = ["钟", "之", "贝", "子", "别", "析", "配", "类", "期", "批", "布", "局", "队", "站", "行", "公", "会", "解", "散", "段", "部", "支", "院", "校", "中", "厂", "享", "担", "摊", "成", "级", "区", "点", "红", "辨", "秒"] },
]

[count]
# Classifiers and measure words after a number: kind count, unit = the word.
# discrete = only whole numbers ("2.2本计划" is a section number, not 2.2 books).
# not_before: words where the unit starts another word (一部分).
units = [
  { word = "人次", discrete = true },  # 培训300人次
  { word = "人", discrete = true },    # 培训人数53人
  { word = "名", discrete = true },    # 36名禁毒专干
  { word = "个", discrete = true },    # 宣传牌20个
  { word = "位", discrete = true },    # 15位股东
  { word = "次", discrete = true },    # 培训2次
  { word = "家", discrete = true },    # 资助17家
  { word = "件", discrete = true },    # 宣传品3000余件
  { word = "份", discrete = true },    # 问卷200份
  { word = "场", discrete = true },    # 活动6场
  { word = "场次", discrete = true },  # 演出12场次
  { word = "部", discrete = true, not_before = ["分", "门", "署", "长", "位"] },  # 专题片5部
  { word = "部门", discrete = true },  # 3部门联合
  { word = "辆", discrete = true },    # 车辆2辆
  { word = "台", discrete = true },    # 设备9台
  { word = "套", discrete = true },    # 设备3套
  { word = "条", discrete = true },    # 线索12条
  { word = "张", discrete = true },    # 海报500张
  { word = "块", discrete = true },    # 宣传牌20块 (块 before 钱/角/毛 is money, see [money])
  { word = "本", discrete = true },    # 手册1000本
  { word = "册", discrete = true },    # 读本500册
  { word = "户", discrete = true },    # 帮扶20户
  { word = "所", discrete = true },    # 学校3所
  { word = "项", discrete = true },    # 指标12项
  { word = "批", discrete = true },    # 2批
  { word = "起", discrete = true },    # 案件15起
  { word = "宗", discrete = true },    # 案件3宗
  { word = "座", discrete = true },    # 桥梁2座
  { word = "处", discrete = true },    # 阵地5处
  { word = "间", discrete = true },    # 教室3间
  { word = "支", discrete = true },    # 队伍2支
  { word = "只", discrete = true },    # 3只
  { word = "头", discrete = true },    # 牛20头
  { word = "篇", discrete = true },    # 信息30篇
  { word = "期", discrete = true },    # 简报12期
  { word = "村", discrete = true },    # 覆盖12村
  { word = "个月" },                   # 服务期12个月 (a duration, not a date)
  { word = "天" },                     # 培训天数5天
  { word = "小时" },                   # 24小时
  { word = "分钟" },                   # 10分钟
  { word = "周" },                     # 2周
  { word = "吨" },                     # 吨
  { word = "公斤" },                   # 公斤
  { word = "千克" },                   # 千克
  { word = "克" },                     # 克
  { word = "毫克" },                   # 毫克
  { word = "公里" },                   # 公里
  { word = "千米" },                   # 千米
  { word = "米" },                     # 米
  { word = "平方公里" },               # 平方公里
  { word = "平方米" },                 # 平方米
  { word = "立方米" },                 # 立方米
  { word = "亩" },                     # 亩
  { word = "公顷" },                   # 公顷
  { word = "千瓦" },                   # 千瓦
  { word = "兆瓦" },                   # 兆瓦
  { word = "km", discrete = false },   # km
  { word = "kg", discrete = false },   # kg
  { word = "m2", discrete = false },   # m2
]

[approx]
# Words that make a number approximate; kept in Quantity::approx as written.
# before: in front of the number; not_after: characters that make the word part of another
# word (节约 is "save", not "about").
before = [
  { word = "大约" },                                                            # 大约十多欧元
  { word = "约合" },                                                            # 约合
  { word = "约", not_after = ["节", "制", "签", "合", "契", "预", "违", "履", "公", "邀", "特", "相", "婚", "大", "条"] },  # 约4.287亿美元
  { word = "将近" },                                                            # 将近
  { word = "接近" },                                                            # 接近
  { word = "近", not_after = ["最", "附", "临", "将", "接", "就", "靠", "亲", "远", "新"] },  # 近700万元
  { word = "逾", not_after = ["超"] },                                          # 逾千人
]
# after: right after the number, before the unit (3000余件, 3000多欧元, 10余万元) ...
middle = [
  "余",  # 3000余件
  "多",  # 3000多欧元
  "来",  # 十来个
  "许",  # 2许时 (old style)
]
# ... or after the unit (15k左右, 30w上下).
after = [
  "左右",  # 15k左右
  "上下",  # 30w上下
]

[comparator]
# Bounds; `symbol` is what Quantity::comparator holds. 达到 is not a bound.
before = [
  { word = "不低于", symbol = "≥" },  # 满意度不低于90%
  { word = "不少于", symbol = "≥" },  # 不少于10次
  { word = "不小于", symbol = "≥" },  # 不小于
  { word = "至少", symbol = "≥" },    # 至少九千块钱以上
  { word = "最少", symbol = "≥" },    # 最少
  { word = "不超过", symbol = "≤" },  # 不超过5万元
  { word = "不高于", symbol = "≤" },  # 不高于
  { word = "不大于", symbol = "≤" },  # 不大于
  { word = "不多于", symbol = "≤" },  # 不多于
  { word = "最多", symbol = "≤" },    # 最多
  { word = "至多", symbol = "≤" },    # 至多
  { word = "超过", symbol = ">" },    # 超过
  { word = "大于", symbol = ">" },    # 大于
  { word = "高于", symbol = ">" },    # 高于
  { word = "多于", symbol = ">" },    # 多于
  { word = "小于", symbol = "<" },    # 小于40万
  { word = "低于", symbol = "<" },    # 低于
  { word = "少于", symbol = "<" },    # 少于
  { word = "不到", symbol = "<" },    # 不到1.9万台币
  { word = "不足", symbol = "<" },    # 不足
  { word = ">=", symbol = "≥" },      # >=90%
  { word = "<=", symbol = "≤" },      # <=5%
  { word = "≥", symbol = "≥" },       # ≥90% (≧ folds to ≥)
  { word = "≤", symbol = "≤" },       # ≤5% (≦ folds to ≤)
  { word = ">", symbol = ">" },       # >0 (＞ folds to >)
  { word = "<", symbol = "<" },       # <5 (＜ folds to <)
]
after = [
  { word = "及以上", symbol = "≥" },  # 90%及以上
  { word = "以上", symbol = "≥" },    # 90%以上
  { word = "及以下", symbol = "≤" },  # 5%及以下
  { word = "以下", symbol = "≤" },    # 5%以下
  { word = "以内", symbol = "≤" },    # 10%以内
  { word = "之内", symbol = "≤" },    # 3天之内
]
# Put between a bound and 以上/以下 or a range dash: 50万元（含）以上, 1万(含)-5万元.
inclusive = ["(含)"]

[not_amount]
# A number right before one of these is a date, an ordinal or an id, never an amount.
after = [
  "年",    # 2024年, 2024年度, 三年 (years and durations in years)
  "月",    # 12月31日, 4月
  "日",    # 31日
  "号",    # 〔2025〕17号, 2号文件
  "届",    # 第二届
  "季度",  # 第1季度
  "时",    # 10时
  "点",    # 3点 (a time; Chinese decimals 三点一 are read before this)
  "秒",    # 30秒
  "岁",    # 18岁 (age)
  "楼",    # 3楼
  "层",    # 5层
  "版",    # 第2版
  "章",    # 第一章
  "节",    # 第3节
  "条款",  # 第5条款
  "分之",  # 二分之一 (a fraction, not a score)
  "摄氏度",# 三十九摄氏度 (a temperature)
  "℃",     # 39℃
  "度",    # 39度
]
# ... and a number right after one of these.
before = [
  "第",    # 第3号, 第二届, 第1季度
  "编号",  # 编号12
  "No.",   # No.12
  "NO.",   # NO.12
  "零下",  # 零下四摄氏度
  "附件",  # 附件2
  "附表",  # 附表1
]

[range]
# Between the two bounds of a range: 10-20万元, 10~20万元, 10至20万元, 5%-10%.
# dash = true: a hyphen, also used by dates and phone numbers; such a range needs a unit.
connectors = [
  { word = "——", dash = true },  # 2——3万港币
  { word = "--", dash = true },  # 1万元--5万元
  { word = "—", dash = true },   # em dash
  { word = "-", dash = true },   # 10-20万元 (－ and − fold to -)
  { word = "~" },                # 10~20万元 (～ folds to ~)
  { word = "至" },               # 10至20万元
  { word = "到" },               # 两到三万港元
]
# Before the first bound: 从8500到3万港元.
openers = ["从"]
)UNITS_TOML";
  return kText.substr(1);  // the literal starts with the newline after its opening
}

}  // namespace jixiao

"""Every fixed wording the assistant shows, in one place for the bureau's editors.

Facts (names, phones, addresses, materials, counts) never stand here: they come
from the knowledge base and are filled into the `{}` fields.
"""

# --- Questions the assistant asks ---
WHICH_SERVICE = "您问的是下面哪一项业务？"
NOT_YET_WHICH = "抱歉，还没能从您的话里确定是哪一项。"
WHICH_SERVICE_HOW = "请点击选项或回复序号；都不是的话，请直接说业务名称。"
ASK_SERVICE = "请问您想咨询哪项业务？"
WHICH_DISTRICT = "这项业务各县（市）区分别受理，请问您在哪个地区办理？"
CASES_DIFFER = "“{service}”需要的材料因情况而异。"
NO_OPTION_MATCHED = "抱歉，没能对应到选项。"
EVERY_CASE_NEEDS = "各种情况都要准备："
HOW_TO_CHOOSE = "请点击选项，或回复序号、直接描述您的情况。"
NONE_OF_THESE = "以上都不是"
SEE_EVERY_CASE = "查看全部情况"
EVERY_DISTRICT = "全部地区"

# --- Headings of answer cards (the question types' own headings are in bot/intents.py) ---
MATERIALS = "所需材料"
SPECIAL_SITUATIONS = "特殊情形"
NOTES = "说明"
ONLINE_RECOMMENDED = "建议优先网上办"
CASE_HEADING = "情况：{label}"
CONDITIONS = "受理条件"
PHONE_PREFIX = "电话："
PHONE_HEADING = "咨询电话"
NO_PHONE_IN_GUIDE = "办事指南没有列出这项业务的咨询电话，请到以下地点咨询："
OFFICE = "办理地点"
ONLINE = "网上办理"
NO_ONLINE_IN_GUIDE = "办事指南没有列出这项业务的网上办理地址。"
GO_TO_THE_OFFICE = "请到办理地点现场办理。"
TIPS = "温馨提示"
ONLY_AT_THE_WINDOW = "办事指南注明“仅窗口办”的材料"
SERVICE_NAME = "业务名称：{name}"
SHORT_NAME = "简称：{name}"
MATERIALS_DIFFER = "所需材料因情况而异，分为："
TIME_LIMIT = "办理时限"
OFFICES_AND_PHONES = "办理地点及电话"
OFFICE_PHONE = "（电话 {phones}）"
# Buttons under a shortened answer, by the question type that gives the full text.
FULL_TEXT = {"conditions": "受理条件原文", "location": "其他地区"}
# The last line of a materials answer: the same items on a page to print or keep.
CHECKLIST = "可打印的材料清单：{url}"
# A button that asks for the whole answer; its words are sent as the user's.
TELL_ME_MORE = "详细说说"

# --- Replies around the answers ---
COVERAGE = (
    "我能解答朝阳市人社局办事指南中的{count}项业务：社会保险登记、养老保险（含城乡居民养老、机关事业单位养老、企业年金）"
    "和工伤保险等，每项业务需要什么材料、什么条件、多久办好、在哪办、电话多少、能否网上办。"
)
REPHRASE_HINT = "您可以换个说法，最好带上业务名称，例如“灵活就业参保登记需要什么材料”“工伤认定在哪办”。"
LIFE_EVENT = "【{event}】社保方面一般涉及以下业务，请按您的情况选择："
LIFE_EVENT_HOW = "点击业务查看需要的材料，或直接描述您的情况。"
# After an answer: the services that usually come next (knowledge/journeys.yml `related`).
NEXT_SERVICES = "办完这项，通常接着要办："
NOT_FOUND = "抱歉，办事指南里没有找到您说的这项业务。"
HUMAN_ROUTE = "也可以说“转人工”，或拨打 {phones}"
BROWSE = "看看能办哪些业务"
# Said instead of repeating the answer just given, word for word.
SAME_AS_ABOVE = "我理解您问的仍是“{service}”{case}的{topic}，答案与上面相同。您还想了解哪方面？"
SAME_AS_ABOVE_CASE = "（{case}）"
TALK_TO_A_PERSON = "转人工"
# Added to a reply that would otherwise repeat the previous one.
ANOTHER_WAY = "看来这样还没能帮到您。您可以换个说法，"
# A detail question answered by the guide's own sentences, quoted.
GUIDE_SAYS = "办事指南“{service}”原文："
QUOTE = "「{sentence}」"
MORE_ABOUT_IT = "想看完整的材料、条件或办理地点，请点下面的选项。"
GUIDE_SILENT = "办事指南“{service}”中没有写到这一点，我不能替指南回答。建议您致电咨询："
# The same, when no sentence of the whole guide says it and no one service is meant.
GUIDE_SILENT_ANYWHERE = "办事指南中没有写到这一点，我不能替指南回答。建议您致电咨询："
WHAT_IS_WRONG = "好的，请告诉我哪里不对：比如您属于哪种情况（“我是灵活就业的”）、在哪个地区办理（“我在北票”），或直接说您要办的业务名称。"
NOT_UNDERSTOOD = "抱歉，我没能确定您想问的内容。"
MAYBE = "您可能想问的是："
OUT_OF_SCOPE = (
    "抱歉，这个问题不在朝阳市人社局办事指南的范围内，我无法回答（例如医保报销、住房公积金等请咨询相应部门）。"
)
HUMAN_PHONES = "人工咨询：{phones}"
HANDOFF_SERVICE = "关于“{service}”，您可以直接致电办理窗口咨询工作人员："
HANDOFF_HALL = "您可以致电{hall}，由工作人员为您解答："
# Nobody calls back: say so, rather than promise it.
HANDOFF_HOW = "工作人员不会主动回电，请您直接拨打以上电话。"
# Staff see the chat in their console under this code.
HANDOFF_CODE = "您的咨询编号：{code}。来电时报上编号，工作人员能看到您和我的对话。"
CATEGORIES = "办事指南的业务分为以下几类，您想看哪一类？"
MANY_CATEGORIES = "这方面的业务较多，分为以下几类："
CATEGORY_COUNT = "{title}（{count}项）"
CATEGORY_SERVICES = "“{category}”共有{count}项业务："
CATEGORY_HOW = "点击业务名称查看办事指南，或直接问“……需要什么材料”。"

# --- 有用 / 没用 under an answer card on the website ---
RATE_USEFUL = "有用"
RATE_USELESS = "没用"
THANKS_FOR_RATING = "谢谢您的评价！还有其他问题可以继续问我。"
SORRY_NOT_USEFUL = "抱歉没能帮到您，您的评价已记下。您可以换个说法，"

# Said before the answer to a message longer than the channels accept.
MESSAGE_CUT = "您的消息较长，我只读了前{limit}个字。如果问题在后面，请分开发送。"
# Said by a channel when the assistant could not answer at all (a server down).
SORRY_NO_ANSWER = "抱歉，系统暂时无法回答，请稍后再试。急事请拨打人工咨询电话：{phones}"
# A chat message that carries no text (a widget or client error).
NOT_TEXT = "抱歉，没有收到文字内容。请用文字输入您的问题。"
# One sender posted faster than anyone reads (see bot/channels/pacing.py).
TOO_FAST = "您发送得太快了，这条消息没有处理。请稍等几秒后再发。"

# --- The WeChat official account (passive replies: one text message each) ---
WECHAT_MORE = "更多"
WECHAT_NEXT_PAGE = "（回复“更多”查看下一页）"
WECHAT_PICK = "回复序号选择："
WECHAT_TEXT_ONLY = "抱歉，我目前只能看懂文字消息。请用文字描述您想办的事，例如“灵活就业参保登记需要什么材料”。"
WECHAT_NO_MORE = "没有更多内容了。请问还想了解什么？"

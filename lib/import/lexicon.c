/*
 * The importer's lexicon (see lexicon.h): Simplified script only.
 */
#include "lexicon.h"
#include "importx.h"

#include <pthread.h>
#include <string.h>

/* The first bytes of FURNITURE_STARTS and of the metadata labels: a line
 * led by another byte (a digit, （, most characters) starts none. Built
 * once (build_first). */
static bool furniture_first[256], label_first[256];
static pthread_once_t first_once = PTHREAD_ONCE_INIT;
static void build_first(void);

/* ---- figures ------------------------------------------------------------- */

/* Longest first where one is a prefix of another (不超过 before 超过 is
 * not needed: the caller takes the longest match ending at the figure). */
const wp__lex_cmp wp__lex_before[] = {
    {"不少于", WP_OP_GE},   {"不低于", WP_OP_GE},   {"至少", WP_OP_GE},     {"达到", WP_OP_GE},
    {"提高到", WP_OP_GE},   {"提高至", WP_OP_GE},   {"提升到", WP_OP_GE},   {"提升至", WP_OP_GE},
    {"增长到", WP_OP_GE},   {"增至", WP_OP_GE},     {"增加到", WP_OP_GE},   {"超过", WP_OP_GT},
    {"多于", WP_OP_GT},     {"高于", WP_OP_GT},     {"突破", WP_OP_GT},     {"不超过", WP_OP_LE},
    {"不高于", WP_OP_LE},   {"控制在", WP_OP_LE},   {"降至", WP_OP_LE},     {"降到", WP_OP_LE},
    {"下降到", WP_OP_LE},   {"下降至", WP_OP_LE},   {"降低到", WP_OP_LE},   {"降低至", WP_OP_LE},
    {"压缩至", WP_OP_LE},   {"压缩到", WP_OP_LE},   {"少于", WP_OP_LT},     {"低于", WP_OP_LT},
    {"约", WP_OP_APPROX},   {"近", WP_OP_APPROX},   {"大约", WP_OP_APPROX}, {"达", WP_OP_GE},
    {"稳定在", WP_OP_GE},   {"保持在", WP_OP_GE},
};
const size_t wp__lex_n_before = sizeof wp__lex_before / sizeof wp__lex_before[0];

const wp__lex_cmp wp__lex_after[] = {
    {"及以上", WP_OP_GE}, {"以上", WP_OP_GE}, {"左右", WP_OP_APPROX}, {"以内", WP_OP_LE},
    {"以下", WP_OP_LE},   {"余", WP_OP_GT},   {"多", WP_OP_GT},
};
const size_t wp__lex_n_after = sizeof wp__lex_after / sizeof wp__lex_after[0];

/* Target verbs, sorted by their UTF-8 bytes (binary search on the first
 * character; wp__lex_check() verifies the order). */
static const char *const VERBS[] = {
    "上线", "下降到", "下降至", "主办", "举办", "举荐", "举行", "争取", "体检", "保持在", "修缮", "入选", "入驻",
    "减少", "出版", "创作", "创建", "创成", "创评", "制作", "办好", "办理", "办结", "募集", "化解", "压减", "压缩", "参与",
    "发展", "发展壮大", "发布", "发放", "受理", "召开", "吸引", "吸收", "吸纳", "命名", "培养", "培树", "培育", "培训",
    "培训了", "增加", "增至", "增长", "增长到", "奖励", "孵化", "安置", "完成", "实施", "实现", "审批", "宣传", "宣讲",
    "对接", "巡讲", "带动", "帮助", "帮扶", "建好", "建成", "建档", "建立", "建设", "开发", "开展", "开工", "开放", "开设",
    "开通", "引导", "引育", "引进", "录制", "形成", "征集", "惠及", "慰问", "成立", "打通", "打造", "扶持", "承办", "承接",
    "投入", "投用", "投资", "投运", "抽检", "招募", "招引", "招收", "招考", "招聘", "挂牌", "指导", "捐赠", "授牌", "排查",
    "接待", "控制在", "推出", "推动", "推广", "推荐", "推进", "推送", "提供", "提升到", "提升至", "提高到", "提高至", "支持",
    "改建", "改造", "救助", "整治", "新增", "新建", "新开", "新招", "新改建", "新设", "普及", "服务", "查处", "检查",
    "治理", "申报", "申请", "稳定在", "突破", "立项", "竣工", "筛查", "筹办", "筹建", "筹集", "签约", "签约服务", "签订",
    "累计", "组建", "组织", "编制", "编印", "聘请", "获批", "落地", "补助", "补贴", "表彰", "覆盖", "解决", "认定", "认证",
    "设立", "设置", "评定", "评审", "评选", "调研", "资助", "走访", "走进", "超过", "转化", "输送", "达", "达到",
    "选拔", "选树", "选派", "选聘", "遴选", "邀请", "配备", "配齐", "铺设", "降低到", "降低至", "降到", "降至",
};
#define N_VERBS (sizeof VERBS / sizeof VERBS[0])

/* The first three bytes of a verb (a CJK character) as one number, in the
 * order of memcmp. */
static inline uint32_t first3(const char *v)
{
    const unsigned char *u = (const unsigned char *)v;
    return (uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2];
}

/* For each CJK character (U+4E00..U+9FFF), 1 + the index of the first verb
 * it starts (VERBS is sorted), 0 when it starts none; built once. Most
 * characters start no verb. */
unsigned char wp__lex_verb_first[0xA000 - 0x4E00];
static unsigned char verb_len[N_VERBS]; /* strlen(VERBS[i]) */
static uint32_t verb_key[N_VERBS];      /* first3(VERBS[i]) */
static pthread_once_t verb_once = PTHREAD_ONCE_INIT;
_Static_assert(N_VERBS < 255, "wp__lex_verb_first holds an index + 1 in a byte");

static void build_verb_first(void)
{
    for (size_t i = N_VERBS; i-- > 0;) {
        size_t n;
        uint32_t cp = wp__cp(VERBS[i], &n) - 0x4E00;
        wp__lex_verb_first[cp] = (unsigned char)(i + 1);
        verb_len[i] = (unsigned char)strlen(VERBS[i]);
        verb_key[i] = first3(VERBS[i]);
    }
}

void wp__lex_init(void)
{
    pthread_once(&verb_once, build_verb_first);
}

size_t wp__lex_verb_from(const char *s, unsigned first)
{
    size_t best = 0;
    uint32_t key = first3(s);
    /* The verbs that start with s's first character: compared from their
     * second character on (s is read only while it matches, so never past
     * its NUL). */
    for (size_t i = first - 1u; i < N_VERBS && verb_key[i] == key; i++) {
        size_t l = verb_len[i], k = 3;
        /* Sorted by bytes, one-character verbs first: once a verb's fourth
         * byte is above s's, so are those of the verbs after it. */
        if (l > 3 && (unsigned char)VERBS[i][3] > (unsigned char)s[3])
            break;
        while (k < l && VERBS[i][k] == s[k])
            k++;
        if (k == l && l > best)
            best = l;
    }
    return best;
}

size_t wp__lex_verb_at(const char *s)
{
    size_t n;
    unsigned char c0 = (unsigned char)s[0];
    uint32_t cp;
    if (c0 < 0xE4 || c0 > 0xE9)
        return 0; /* every verb starts with a CJK character */
    cp = wp__cp(s, &n);
    if (n != 3 || cp < 0x4E00 || cp >= 0xA000)
        return 0;
    wp__lex_init();
    if (wp__lex_verb_first[cp - 0x4E00] == 0)
        return 0;
    return wp__lex_verb_from(s, wp__lex_verb_first[cp - 0x4E00]);
}

bool wp__lex_reach_at(const char *s)
{
    static const char *const reach[] = {"提高到", "提升至", "提升到", "提高至", "达到", "达",
                                        "提高", "增长", "增至", "降至", "降到", "下降到", "控制在",
                                        "稳定在", "保持在"};
    for (size_t i = 0; i < sizeof reach / sizeof reach[0]; i++)
        if (wp__starts(s, reach[i]))
            return true;
    return false;
}

/* Measure words and symbols, longest first among those sharing a prefix. */
static const char *const MEASURES[] = {
    "个百分点", "万人次", "亿元", "万元", "万亩", "万人", "万户", "万家", "人次", "场次", "家次",
    "户次", "台次", "架次", "班次", "批次", "车次", "课时", "学时", "平方米", "平方公里", "公里",
    "千米", "公顷", "小时", "个月", "分钟", "人份", "班次", "余场", "美元", "%", "％", "‰", "家", "个", "项", "名", "人",
    "篇", "部", "所", "期", "次", "批", "支", "件", "台", "套", "本", "场", "处", "座", "条", "门",
    "种", "户", "村", "校", "元", "册", "份", "集", "幅", "届", "站", "轮", "块", "岁", "天",
    "周", "亩", "吨", "辆", "张", "间", "栋", "米", "节", "堂", "例", "床", "所", "篇", "头",
    "只", "株", "棵", "首", "对", "班", "位", "万", "亿",
};

const char *wp__lex_measure_at(const char *s)
{
    for (size_t i = 0; i < sizeof MEASURES / sizeof MEASURES[0]; i++)
        if (wp__starts(s, MEASURES[i]))
            return MEASURES[i];
    return NULL;
}

size_t wp__lex_hedge_at(const char *s)
{
    return wp__starts(s, "力争") || wp__starts(s, "争取") ? 6 : 0;
}

const char *const wp__lex_programme[] = {"专项", "工程", "计划", "联盟", "行动", NULL};
const char *const wp__lex_meeting[] = {"全会", "全委会", "会议", "代表大会", "常委会", "全体会议",
                                       NULL};

/* ---- kinds --------------------------------------------------------------- */

int wp__lex_kind(const char *s, bool *summary)
{
    static const char *const summaries[] = {"总结", "大事", "亮点", "成效", "回顾", "落实情况",
                                            "完成情况", "进展情况", "执行情况", "工作报告", NULL};
    static const char *const impl[] = {"行动计划", "行动方案", "实施方案", "实施意见", "工作方案",
                                       "方案", "意见", "办法", "规划", NULL};
    static const char *const work[] = {"要点", "工作计划", "计划", "工作思路", "重点工作",
                                       "工作安排", "工作重点", "谋划", "工作任务", NULL};
    *summary = false;
    for (size_t i = 0; summaries[i]; i++)
        if (strstr(s, summaries[i])) {
            *summary = true;
            return WP_PLAN_SUMMARY;
        }
    for (size_t i = 0; impl[i]; i++)
        if (strstr(s, impl[i]))
            return WP_PLAN_IMPLEMENTATION_PLAN;
    for (size_t i = 0; work[i]; i++)
        if (strstr(s, work[i]))
            return WP_PLAN_WORK_PLAN;
    if (strstr(s, "通知"))
        return WP_PLAN_NOTICE;
    return WP_PLAN_OTHER;
}

/* ---- responsibility ------------------------------------------------------ */

#define KEY_PERSON (-2)

/* A word and its role, with its length (no strlen per comparison). */
#define ROLE(w, r) {w, r, sizeof(w) - 1}

int wp__lex_role_key(const char *key, size_t len)
{
    static const wp__lex_role persons[] = {ROLE("领导", 0), ROLE("负责人", 0), ROLE("责任人", 0),
                                           ROLE("联系人", 0)};
    static const wp__lex_role keys[] = {
        ROLE("牵头", WP_ROLE_LEAD),        ROLE("主责", WP_ROLE_LEAD),
        ROLE("主办", WP_ROLE_LEAD),        ROLE("配合", WP_ROLE_SUPPORT),
        ROLE("协办", WP_ROLE_SUPPORT),     ROLE("参与", WP_ROLE_SUPPORT),
        ROLE("协同", WP_ROLE_SUPPORT),     ROLE("协助", WP_ROLE_SUPPORT),
        ROLE("责任", WP_ROLE_RESPONSIBLE), ROLE("负责", WP_ROLE_RESPONSIBLE),
        ROLE("承办", WP_ROLE_RESPONSIBLE), ROLE("实施", WP_ROLE_RESPONSIBLE),
    };
    for (size_t i = 0; i < sizeof persons / sizeof persons[0]; i++) {
        size_t wl = persons[i].len;
        for (size_t k = 0; k + wl <= len; k++)
            if (key[k] == persons[i].word[0] && strncmp(key + k, persons[i].word, wl) == 0)
                return KEY_PERSON; /* anywhere in the key */
    }
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        size_t wl = keys[i].len;
        if (len >= wl && key[0] == keys[i].word[0] && strncmp(key, keys[i].word, wl) == 0)
            return keys[i].role;
    }
    return -1;
}

const wp__lex_role wp__lex_role_tail[] = {
    ROLE("按职责分工负责", WP_ROLE_SUPPORT), ROLE("按职责负责", WP_ROLE_SUPPORT),
    ROLE("分别负责", WP_ROLE_RESPONSIBLE), ROLE("共同负责", WP_ROLE_RESPONSIBLE),
    ROLE("牵头负责", WP_ROLE_LEAD), ROLE("牵头", WP_ROLE_LEAD),
    ROLE("配合", WP_ROLE_SUPPORT), ROLE("负责", WP_ROLE_RESPONSIBLE),
    ROLE("协办", WP_ROLE_SUPPORT), ROLE("参与", WP_ROLE_SUPPORT),
    ROLE("协同", WP_ROLE_SUPPORT), ROLE("协助", WP_ROLE_SUPPORT), ROLE("落实", WP_ROLE_RESPONSIBLE),
    {NULL, 0, 0},
};

const char *const wp__lex_org_tails[] = {
    "协会", "科协", "委员会", "人民政府", "政府", "办公室", "办公厅", "局", "厅", "中心", "党组",
    "学会", "研究会", "联合会", "妇联", "团委", "总工会", "委", "院", "部", "署", "馆", NULL,
};

const char *const wp__lex_summary_words[] = {"亮点", "大事", "成果", "成效", "举措", NULL};

/* ---- metadata and furniture ---------------------------------------------- */

static const struct {
    const char *label;
    wp__lex_meta kind;
} META_LABELS[] = {
    {"发布时间", WP__META_PUBLISHED}, {"发布日期", WP__META_PUBLISHED},
    {"发表时间", WP__META_PUBLISHED}, {"成文日期", WP__META_PUBLISHED},
    {"公开日期", WP__META_PUBLISHED}, {"时间", WP__META_PUBLISHED},
    {"日期", WP__META_PUBLISHED},     {"发布机构", WP__META_ISSUER},
    {"发文机关", WP__META_ISSUER},    {"发文单位", WP__META_ISSUER},
    {"发布单位", WP__META_ISSUER},    {"来源", WP__META_SOURCE},
    {"信息来源", WP__META_SOURCE},    {"作者", WP__META_OTHER},
    {"编辑", WP__META_OTHER},         {"责任编辑", WP__META_OTHER},
    {"浏览次数", WP__META_OTHER},     {"点击数", WP__META_OTHER},
    {"阅读次数", WP__META_OTHER},     {"访问量", WP__META_OTHER},
    {"信息公开形式", WP__META_OTHER}, {"公开方式", WP__META_OTHER},
    {"公开形式", WP__META_OTHER},     {"索引号", WP__META_OTHER},
    {"主题分类", WP__META_OTHER},     {"文号", WP__META_OTHER},
    {"字号", WP__META_OTHER},         {"有效性", WP__META_OTHER},
    {"分类", WP__META_OTHER},         {"名称", WP__META_TITLE},
    {"标题", WP__META_TITLE},         {"文件名称", WP__META_TITLE},
    {"发布时间", WP__META_PUBLISHED}, {"生成日期", WP__META_PUBLISHED},
    {"发文字号", WP__META_OTHER},     {"信息分类", WP__META_OTHER},
    {"所属机构", WP__META_ISSUER},    {"发布部门", WP__META_ISSUER},
};

wp__lex_meta wp__lex_meta_label(const char *s, size_t *len)
{
    pthread_once(&first_once, build_first);
    if (!label_first[(unsigned char)s[0]])
        return WP__META_NONE;
    for (size_t i = 0; i < sizeof META_LABELS / sizeof META_LABELS[0]; i++) {
        const char *lab = META_LABELS[i].label, *p = s;
        if (s[0] != lab[0])
            continue; /* the first byte differs: the loop below would stop there */
        /* The label's characters, maybe spaced out (名  称：). */
        while (*lab) {
            size_t n;
            if (p != s)
                while (*p == ' ')
                    p++;
            wp__cp(lab, &n);
            if (strncmp(p, lab, n) != 0)
                break;
            p += n, lab += n;
        }
        if (*lab != '\0')
            continue;
        while (*p == ' ')
            p++;
        if (wp__starts(p, "："))
            p += 3;
        else if (*p == ':')
            p++;
        else
            continue; /* 时间 without a colon is a word, not a label */
        while (*p == ' ')
            p++;
        *len = (size_t)(p - s);
        return META_LABELS[i].kind;
    }
    return WP__META_NONE;
}

static const char *const FURNITURE_STARTS[] = {
    "当前位置", "您当前的位置", "您的位置", "首页 >", "首页>", "首页 »", "首页»", "浏览次数",
    "点击数", "阅读次数", "【字体", "打印本页", "关闭窗口", "分享到", "【打印】", "扫一扫",
    "上一篇", "下一篇", "相关链接", "相关文件", "相关阅读", "版权所有", "主办单位：", "主办：",
    "承办单位", "网站标识码", "网站地图", "联系我们", "技术支持", "【关闭", "【打印", "分享：",
    "温馨提示", "免责声明", "打印", "关闭", "全文", "收藏", "纠错", "返回顶部", "字体：",
    "字号：", "【大】", "【中】", "【小】", "&nbsp", "<p", "</p", "<br", "<div", "</div",
    "<span", "</span", "【字号", "视力保护色", "附件下载", "扫码", "微信扫一扫", "手机版",
};

static void build_first(void)
{
    for (size_t i = 0; i < sizeof FURNITURE_STARTS / sizeof FURNITURE_STARTS[0]; i++)
        furniture_first[(unsigned char)FURNITURE_STARTS[i][0]] = true;
    for (size_t i = 0; i < sizeof META_LABELS / sizeof META_LABELS[0]; i++)
        label_first[(unsigned char)META_LABELS[i].label[0]] = true;
}



bool wp__lex_furniture_start(const char *s)
{
    const char *const *starts = FURNITURE_STARTS;
    pthread_once(&first_once, build_first);
    if (!furniture_first[(unsigned char)s[0]])
        return false;
    for (size_t i = 0; i < sizeof FURNITURE_STARTS / sizeof FURNITURE_STARTS[0]; i++)
        if (wp__starts(s, starts[i])) {
            size_t l = strlen(starts[i]);
            /* 全文 / 打印 / 关闭 / 收藏 alone, not 全文贯彻…, 打印机… */
            if ((strcmp(starts[i], "全文") == 0 || strcmp(starts[i], "打印") == 0 ||
                 strcmp(starts[i], "关闭") == 0 || strcmp(starts[i], "收藏") == 0 ||
                 strcmp(starts[i], "纠错") == 0) &&
                s[l] != '\0' && s[l] != ' ' && !wp__starts(s + l, "】"))
                continue;
            return true;
        }
    return false;
}

bool wp__lex_furniture_inside(const char *s)
{
    /* A breadcrumb: 网站首页 > 政务公开 > 计划规划 */
    if (strstr(s, "首页") != NULL && strlen(s) < 200) { /* only then count arrows */
        size_t arrows = 0;
        for (const char *p = s; *p; p++)
            arrows += *p == '>' || wp__starts(p, "»") || wp__starts(p, "＞") || wp__starts(p, "→");
        if (arrows >= 2)
            return true;
    }
    return (strchr(s, 'I') != NULL && (strstr(s, "ICP备") || strstr(s, "ICP证"))) ||
           strstr(s, "公网安备") ||
           (strstr(s, "字号") && strstr(s, "大") && strstr(s, "中") && strstr(s, "小") &&
            strlen(s) < 60);
}

bool wp__lex_check(void)
{
    for (size_t i = 0; i < N_VERBS; i++) {
        size_t n;
        uint32_t cp = wp__cp(VERBS[i], &n);
        if (n != 3 || cp < 0x4E00 || cp >= 0xA000)
            return false; /* verb_first covers U+4E00..U+9FFF only */
    }
    for (size_t i = 1; i < N_VERBS; i++)
        if (strcmp(VERBS[i - 1], VERBS[i]) >= 0)
            return false;
    return true;
}

import { createRng } from '../prng';
import { shanghaiEpochMs } from '../shanghai-time';

/** One hit as the monitoring vendor sends it (field names are the vendor's). */
export interface OpinionHit {
  id: string;
  url: string;
  platform: string;
  media_type: string;
  author: string;
  title?: string;
  text: string;
  publish_time: number;
  sentiment: 'negative' | 'neutral' | 'positive';
  hotness: number;
  keywords: string[];
}

export const OPINION_TASK_ID = 'FY-MINSHENG-01';
/** The three hours the fixture covers: 2026-11-26 08:00–11:00 Asia/Shanghai. */
export const OPINION_WINDOW = {
  start: shanghaiEpochMs(2026, 11, 26, 8, 0, 0),
  end: shanghaiEpochMs(2026, 11, 26, 11, 0, 0),
};

type Sentiment = OpinionHit['sentiment'];
interface Event {
  topic: string;
  title: string;
  text: string;
  sentiment: Sentiment;
  heat: number;
  keywords: string[];
}

/** Hand-written after the style of local posts and reports; each event is seen on three outlets. */
const EVENTS: Event[] = [
  {
    topic: '阜阳欠薪',
    title: '颍州区一工地十余名农民工聚集讨薪',
    text: '今天早上颍州区某楼盘工地门口有十几个农民工拉着横幅讨要工资，说已经被拖欠了半年，包工头电话打不通。',
    sentiment: 'negative',
    heat: 86,
    keywords: ['农民工', '聚集', '讨薪'],
  },
  {
    topic: '阜阳火灾',
    title: '颍东区一居民楼发生火灾 消防紧急处置',
    text: '颍东区向阳路附近一栋居民楼三楼起火，浓烟很大，消防车已经到场，目前火势得到控制，暂无人员伤亡消息。',
    sentiment: 'negative',
    heat: 92,
    keywords: ['火灾', '居民楼'],
  },
  {
    topic: '阜阳停水',
    title: '城南多个小区突然停水 居民反映未收到通知',
    text: '城南新区好几个小区从凌晨开始停水，物业说是供水管网抢修，但事先没有任何通知，早上洗漱做饭都成问题。',
    sentiment: 'negative',
    heat: 64,
    keywords: ['停水', '小区'],
  },
  {
    topic: '阜阳地铁',
    title: '网友建议优化早高峰公交线路',
    text: '建议在早高峰增开火车站到经济开发区的公交班次，现在7点半以后基本挤不上车，等两三趟是常事。',
    sentiment: 'neutral',
    heat: 38,
    keywords: ['公交', '早高峰'],
  },
  {
    topic: '阜阳维权',
    title: '某楼盘业主集体维权：交房时间一拖再拖',
    text: '太和县某楼盘业主反映，合同约定去年底交房，开发商一再延期，业主们今天在售楼处集体维权，要求给出明确交房时间。',
    sentiment: 'negative',
    heat: 81,
    keywords: ['业主维权', '交房'],
  },
  {
    topic: '阜阳美食',
    title: '阜阳格拉条上榜安徽特色小吃',
    text: '阜阳格拉条入选安徽特色小吃推荐名单，网友纷纷留言推荐自己心中最好吃的那一家。',
    sentiment: 'positive',
    heat: 45,
    keywords: ['格拉条'],
  },
  {
    topic: '阜阳学校',
    title: '家长反映学校食堂饭菜质量差',
    text: '颍泉区一所中学的家长在群里反映，孩子说食堂饭菜经常是凉的，菜量也少，价格却比外面还贵，希望教育部门查一查。',
    sentiment: 'negative',
    heat: 57,
    keywords: ['食堂', '学校'],
  },
  {
    topic: '阜阳道路',
    title: '界首一路段井盖缺失 夜间出行存隐患',
    text: '界首市人民路上有个井盖丢了好几天，只用一个塑料桶挡着，晚上骑车根本看不见，很危险。',
    sentiment: 'negative',
    heat: 49,
    keywords: ['井盖', '安全隐患'],
  },
  {
    topic: '阜阳医院',
    title: '市人民医院新开夜间门诊 市民点赞',
    text: '市人民医院从本周起开设夜间门诊，下班后也能看病了，不用再请假排队，这个举措很贴心。',
    sentiment: 'positive',
    heat: 52,
    keywords: ['夜间门诊'],
  },
  {
    topic: '阜阳上访',
    title: '临泉县部分村民因土地补偿问题上访',
    text: '临泉县某村部分村民反映征地补偿款迟迟没有发放到位，今天有二十多人到县信访局上访反映情况。',
    sentiment: 'negative',
    heat: 77,
    keywords: ['上访', '征地补偿'],
  },
  {
    topic: '阜阳环境',
    title: '颍河边出现死鱼 网友担心水质',
    text: '今早在颍河三里湾附近看到河面上漂着不少死鱼，水有股怪味，不知道是不是上游有排污，希望环保部门来看看。',
    sentiment: 'negative',
    heat: 71,
    keywords: ['死鱼', '水质'],
  },
  {
    topic: '阜阳物价',
    title: '市场监管部门公布本周菜价',
    text: '本周阜阳城区主要蔬菜价格总体平稳，白菜、萝卜价格小幅下降，猪肉价格与上周基本持平。',
    sentiment: 'neutral',
    heat: 22,
    keywords: ['菜价'],
  },
  {
    topic: '阜阳爆炸',
    title: '阜南县一餐馆疑似燃气爆炸 多人受伤送医',
    text: '阜南县城一家餐馆上午疑似发生燃气爆炸，门窗玻璃全部震碎，有几名路人受伤被送往医院，具体原因正在调查。',
    sentiment: 'negative',
    heat: 95,
    keywords: ['燃气', '爆炸'],
  },
  {
    topic: '阜阳社保',
    title: '网友咨询城乡居民医保缴费截止时间',
    text: '请问阜阳今年城乡居民医保什么时候截止缴费？在手机上哪个平台能交？家里老人不会操作。',
    sentiment: 'neutral',
    heat: 18,
    keywords: ['医保', '缴费'],
  },
  {
    topic: '阜阳交通',
    title: '颍上县城区新增一批智能红绿灯',
    text: '颍上县城区新装了一批智能红绿灯，可以根据车流量自动调整时长，早高峰通行明显快了。',
    sentiment: 'positive',
    heat: 33,
    keywords: ['红绿灯'],
  },
  {
    topic: '阜阳噪音',
    title: '广场舞音响太大 周边居民难休息',
    text: '颍州区一处小区广场每天晚上广场舞音响开到很大声，一直跳到十点多，楼上老人和孩子都没法休息。',
    sentiment: 'negative',
    heat: 41,
    keywords: ['噪音', '广场舞'],
  },
  {
    topic: '阜阳供暖',
    title: '网友询问今年集中供暖何时开始',
    text: '天气越来越冷了，想问一下阜阳城区今年有没有集中供暖的小区，什么时候开始供暖？',
    sentiment: 'neutral',
    heat: 27,
    keywords: ['供暖'],
  },
  {
    topic: '阜阳诈骗',
    title: '警方提醒：谨防冒充客服退款诈骗',
    text: '近期阜阳多名市民接到冒充电商客服的电话，以退款为由诱导转账，警方提醒大家不要轻信陌生来电。',
    sentiment: 'neutral',
    heat: 58,
    keywords: ['诈骗', '反诈'],
  },
  {
    topic: '阜阳拆迁',
    title: '棚改安置房迟迟未建 居民聚集要说法',
    text: '颍东区某棚改项目拆迁已经三年，安置房至今没有动工，今天不少居民聚集在街道办门口要求给个说法。',
    sentiment: 'negative',
    heat: 83,
    keywords: ['棚改', '聚集', '安置房'],
  },
  {
    topic: '阜阳志愿',
    title: '大学生志愿者走进社区为老人义诊',
    text: '阜阳师范大学的志愿者今天走进清河街道社区，为老人免费测血压、测血糖，还教他们使用智能手机。',
    sentiment: 'positive',
    heat: 29,
    keywords: ['志愿者', '义诊'],
  },
];

interface Outlet {
  platform: string;
  media_type: string;
  authors: readonly string[];
  /** Turns the event into this outlet's post. */
  render(e: Event, n: number): { title?: string; text: string; url: string };
}

const OUTLETS: readonly Outlet[] = [
  {
    platform: '新浪微博',
    media_type: 'weibo',
    authors: ['颍州小王', '阜阳吃瓜群众', '清河边的猫', '老城南人', '颍上阿杰', '界首青年'],
    render: (e, n) => ({
      text: `#${e.topic}# ${e.text}`,
      url: `https://weibo.com/${6_120_000_000 + n * 37}/P${(4_960_000_000_000 + n * 7919).toString(36)}`,
    }),
  },
  {
    platform: '阜阳新闻网',
    media_type: 'news',
    authors: ['阜阳新闻网', '颍州晚报', '阜阳日报'],
    render: (e, n) => ({
      title: e.title,
      text: `据网友反映，${e.text}记者已就此联系相关部门，后续进展本网将持续关注。`,
      url: `https://www.fynews.example/2026-11/26/c_${1_129_000_000 + n}.htm`,
    }),
  },
  {
    platform: '抖音',
    media_type: 'video',
    authors: ['阜阳同城', '颍州生活圈', '阜阳说事儿', '皖北小刘'],
    render: (e, n) => ({
      title: `${e.title}（视频）`,
      text: `${e.text} #阜阳 #同城`,
      url: `https://www.douyin.com/video/${7_441_000_000_000_000_000n + BigInt(n * 1013)}`,
    }),
  },
];

/** 60 hits (20 events × 3 outlets) spread over OPINION_WINDOW, oldest first; deterministic. */
export function generateOpinionHits(): OpinionHit[] {
  const rng = createRng(20261126);
  const hits: OpinionHit[] = [];
  const span = OPINION_WINDOW.end - OPINION_WINDOW.start;
  EVENTS.forEach((e, i) => {
    OUTLETS.forEach((o, j) => {
      const n = i * OUTLETS.length + j;
      const slot = span / (EVENTS.length * OUTLETS.length);
      const r = o.render(e, n);
      const hit: OpinionHit = {
        id: `${o.media_type}_${(880_000_000 + n * 131).toString()}`,
        url: r.url,
        platform: o.platform,
        media_type: o.media_type,
        author: rng.pick(o.authors),
        text: r.text,
        publish_time: Math.floor(
          OPINION_WINDOW.start + n * slot + rng.int(0, Math.floor(slot / 1000) - 1) * 1000,
        ),
        sentiment: e.sentiment,
        hotness: Math.max(0, Math.min(100, e.heat + rng.int(-6, 6))),
        keywords: [...e.keywords],
      };
      if (r.title) hit.title = r.title;
      hits.push(hit);
    });
  });
  return hits.sort((a, b) => a.publish_time - b.publish_time || a.id.localeCompare(b.id));
}

/**
 * Fixtures of three JSON sources the generic http_json connector is configured for. Written by hand after the
 * shapes such systems export; names, numbers and cases are invented.
 */

/** One case of the national "互联网+督查" platform, as the province's case list API returns it. */
export interface SupervisionCase {
  caseNo: string;
  caseTitle: string;
  problemDesc: string;
  problemType: string;
  involvedArea: string;
  areaCode: string;
  reportTime: string;
  updateTime: string;
  handlingStatus: string;
  transferDept: string;
  replyContent: string | null;
  reporter: { name: string; phone: string };
}

/** A comment from the new-media matrix export (抖音 / 微博 / 公众号 accounts of the city). */
export interface NewMediaComment {
  comment_id: string;
  platform: string;
  account: string;
  post: { title: string; url: string };
  text: string;
  author_nick: string;
  ip_location: string;
  created_at: number;
  updated_ms: number;
  tag: string;
}

/** A submission of the 12345 WeChat mini-program; the contact phone is in clear. */
export interface MiniappSubmission {
  id: number;
  category: string;
  title: string;
  detail: string;
  contactName: string;
  contactPhone: string;
  address: string;
  location: { lat: number; lng: number };
  submitTime: string;
  status: string;
  reply: { content: string; dept: string } | null;
  images: string[];
}

export const SUPERVISION_CASES: SupervisionCase[] = [
  {
    caseNo: 'DC2026110001',
    caseTitle: '企业反映工程款拖欠问题',
    problemDesc:
      '某建筑公司反映，颍州区某安置房项目竣工验收已满两年，尚有工程款约380万元未支付，多次协调无果，影响农民工工资发放。',
    problemType: '拖欠企业账款',
    involvedArea: '安徽省阜阳市颍州区',
    areaCode: '341202',
    reportTime: '2026-11-02 09:15:20',
    updateTime: '2026-11-02 09:15:20',
    handlingStatus: '已交办',
    transferDept: '颍州区人民政府',
    replyContent: null,
    reporter: { name: '王建国', phone: '13905581234' },
  },
  {
    caseNo: 'DC2026110002',
    caseTitle: '不动产登记办理时间过长',
    problemDesc:
      '群众反映在市不动产登记中心办理二手房过户，材料齐全仍被要求补充证明，前后跑了四趟，办理时间超过承诺时限。',
    problemType: '企业和群众办事难',
    involvedArea: '安徽省阜阳市',
    areaCode: '341200',
    reportTime: '2026-11-03 14:02:11',
    updateTime: '2026-11-03 14:02:11',
    handlingStatus: '办理中',
    transferDept: '阜阳市自然资源和规划局',
    replyContent: null,
    reporter: { name: '李秀英', phone: '13855812345' },
  },
  {
    caseNo: 'DC2026110003',
    caseTitle: '涉企检查过多过频',
    problemDesc:
      '一家食品加工企业反映，一个月内接受了来自不同部门的五次检查，内容多有重复，影响正常生产经营，希望推行“综合查一次”。',
    problemType: '涉企检查',
    involvedArea: '安徽省阜阳市界首市',
    areaCode: '341282',
    reportTime: '2026-11-04 10:30:00',
    updateTime: '2026-11-04 10:30:00',
    handlingStatus: '已交办',
    transferDept: '界首市人民政府',
    replyContent: null,
    reporter: { name: '赵海峰', phone: '18955886677' },
  },
  {
    caseNo: 'DC2026110004',
    caseTitle: '惠农补贴发放不及时',
    problemDesc:
      '临泉县某镇村民反映，2026年耕地地力保护补贴至今未发放到户，村里解释说在等上级资金，希望尽快落实。',
    problemType: '惠民政策落实',
    involvedArea: '安徽省阜阳市临泉县',
    areaCode: '341221',
    reportTime: '2026-11-05 08:45:33',
    updateTime: '2026-11-05 08:45:33',
    handlingStatus: '办理中',
    transferDept: '临泉县人民政府',
    replyContent: null,
    reporter: { name: '孙桂兰', phone: '15255843210' },
  },
  {
    caseNo: 'DC2026110005',
    caseTitle: '医保异地备案手续繁琐',
    problemDesc:
      '在外务工人员反映，办理医保异地就医备案仍需回户籍地窗口提交纸质材料，线上渠道无法办理，希望简化流程。',
    problemType: '企业和群众办事难',
    involvedArea: '安徽省阜阳市太和县',
    areaCode: '341222',
    reportTime: '2026-11-06 16:20:45',
    updateTime: '2026-11-06 16:20:45',
    handlingStatus: '已办结',
    transferDept: '太和县医疗保障局',
    replyContent: '经核查，已开通“皖事通”线上异地就医备案功能，并安排专人电话指导当事人完成备案。',
    reporter: { name: '周明', phone: '17705589876' },
  },
  {
    caseNo: 'DC2026110006',
    caseTitle: '小微企业贷款被要求搭售保险',
    problemDesc: '有小微企业主反映，在某银行申请经营贷款时被要求购买理财型保险作为放款条件，增加了融资成本。',
    problemType: '融资难融资贵',
    involvedArea: '安徽省阜阳市颍东区',
    areaCode: '341203',
    reportTime: '2026-11-07 11:11:11',
    updateTime: '2026-11-07 11:11:11',
    handlingStatus: '待交办',
    transferDept: '',
    replyContent: null,
    reporter: { name: '钱伟', phone: '13605587788' },
  },
  {
    caseNo: 'DC2026110007',
    caseTitle: '农村危房改造验收后补助未到位',
    problemDesc:
      '阜南县某村村民反映，家中危房改造去年已通过验收，但补助资金1.8万元一直未到账，多次询问没有答复。',
    problemType: '惠民政策落实',
    involvedArea: '安徽省阜阳市阜南县',
    areaCode: '341225',
    reportTime: '2026-11-08 09:00:05',
    updateTime: '2026-11-08 09:00:05',
    handlingStatus: '办理中',
    transferDept: '阜南县住房和城乡建设局',
    replyContent: null,
    reporter: { name: '吴长春', phone: '13956871122' },
  },
  {
    caseNo: 'DC2026110008',
    caseTitle: '开办企业“一网通办”系统反复退回',
    problemDesc:
      '创业者反映在省政务服务网申请设立公司，系统多次以“经营范围不规范”退回，但未说明具体修改要求。',
    problemType: '企业和群众办事难',
    involvedArea: '安徽省阜阳市颍泉区',
    areaCode: '341204',
    reportTime: '2026-11-09 13:40:27',
    updateTime: '2026-11-09 13:40:27',
    handlingStatus: '已交办',
    transferDept: '颍泉区数据资源管理局',
    replyContent: null,
    reporter: { name: '郑晓雨', phone: '18256890011' },
  },
  {
    caseNo: 'DC2026110009',
    caseTitle: '颍上县城区供暖收费标准不透明',
    problemDesc:
      '居民反映小区集中供暖费按建筑面积收取，但未公示收费依据和成本构成，询问物业和供热公司均无明确答复。',
    problemType: '价格收费',
    involvedArea: '安徽省阜阳市颍上县',
    areaCode: '341226',
    reportTime: '2026-11-10 19:05:00',
    updateTime: '2026-11-10 19:05:00',
    handlingStatus: '办理中',
    transferDept: '颍上县发展和改革委员会',
    replyContent: null,
    reporter: { name: '冯丽', phone: '15805589900' },
  },
  {
    caseNo: 'DC2026110010',
    caseTitle: '退役军人优待证办理进度慢',
    problemDesc:
      '退役军人反映，今年三月提交的优待证申请至今未领到，街道称在等市里统一制证，希望告知具体时间。',
    problemType: '惠民政策落实',
    involvedArea: '安徽省阜阳市颍州区',
    areaCode: '341202',
    reportTime: '2026-11-11 10:10:10',
    updateTime: '2026-11-11 10:10:10',
    handlingStatus: '已办结',
    transferDept: '阜阳市退役军人事务局',
    replyContent: '优待证已于11月15日统一制发，已通知当事人到所在街道领取。',
    reporter: { name: '陈刚', phone: '13309581234' },
  },
  {
    caseNo: 'DC2026110011',
    caseTitle: '工业园区道路破损影响物流',
    problemDesc: '界首高新区企业反映，园区主干道多处路面塌陷，大型货车通行困难，已向管委会反映半年未修复。',
    problemType: '营商环境',
    involvedArea: '安徽省阜阳市界首市',
    areaCode: '341282',
    reportTime: '2026-11-12 15:25:40',
    updateTime: '2026-11-12 15:25:40',
    handlingStatus: '已交办',
    transferDept: '界首高新技术产业开发区管委会',
    replyContent: null,
    reporter: { name: '何志强', phone: '13505580066' },
  },
  {
    caseNo: 'DC2026110012',
    caseTitle: '公积金提取审核要求重复提交材料',
    problemDesc:
      '职工反映办理公积金租房提取时，已在线上传的租赁合同在窗口又被要求提交原件复印件，不符合“减材料”要求。',
    problemType: '企业和群众办事难',
    involvedArea: '安徽省阜阳市',
    areaCode: '341200',
    reportTime: '2026-11-13 08:58:02',
    updateTime: '2026-11-13 08:58:02',
    handlingStatus: '待交办',
    transferDept: '',
    replyContent: null,
    reporter: { name: '林静', phone: '19955881234' },
  },
];

/** 2026-11-14 20:00 +08:00 and on, a minute apart. */
const T0 = Date.UTC(2026, 10, 14, 12, 0, 0);

export const NEW_MEDIA_COMMENTS: NewMediaComment[] = [
  [
    '抖音',
    '阜阳发布',
    '颍河景观带夜景亮灯',
    '河边的路灯好几天都不亮了，晚上散步黑乎乎的，希望有关部门尽快修一下。',
    '夜跑的阿强',
    '安徽',
    '城建',
  ],
  [
    '微博',
    '阜阳交警',
    '冬季出行安全提示',
    '清河路和三清路交叉口早高峰没有交警疏导，电动车乱窜，太危险了。',
    '小鱼儿爱吃鱼',
    '安徽',
    '交通',
  ],
  [
    '微信公众号',
    '阜阳12345',
    '11月热线办理情况通报',
    '我上个月打12345反映的噪音问题到现在没人回复，工单号都有，怎么回事？',
    '老周',
    '江苏',
    '热线',
  ],
  [
    '抖音',
    '阜阳发布',
    '城区新增公共停车泊位',
    '人民医院附近停车太难了，新增的车位能不能优先考虑医院周边？',
    '颍州王姐',
    '安徽',
    '交通',
  ],
  [
    '微博',
    '阜阳生态环境',
    '秋冬季大气污染防治',
    '颍东区那边晚上总有股刺鼻的味道，怀疑是哪个厂偷排，请环保部门夜查一下。',
    '东城居民',
    '安徽',
    '环保',
  ],
  [
    '微信公众号',
    '阜阳教育',
    '义务教育招生政策解读',
    '随迁子女入学需要的居住证明能不能用租房备案代替？外地人办不下来房产证。',
    '新阜阳人',
    '河南',
    '教育',
  ],
  [
    '抖音',
    '阜阳文旅',
    '文峰塔夜游开放',
    '点赞！文峰塔晚上开放太好了，希望节假日延长开放时间。',
    '旅行的小林',
    '安徽',
    '文旅',
  ],
  [
    '微博',
    '阜阳发布',
    '老旧小区改造进展',
    '我们小区改造把绿化带挖了三个月没恢复，下雨全是泥，什么时候完工？',
    '南湖小区业主',
    '安徽',
    '城建',
  ],
  [
    '微信公众号',
    '阜阳人社',
    '灵活就业人员参保指南',
    '灵活就业社保在网上交不了，一直提示系统繁忙，请问有没有别的办法？',
    '自由职业者',
    '安徽',
    '社保',
  ],
].map(([platform, account, postTitle, text, nick, ip, tag], i) => ({
  comment_id: `xmt_${(73100 + i * 7).toString(36)}`,
  platform,
  account,
  post: { title: postTitle, url: `https://xmt.fy.gov.cn/post/${5200 + i}` },
  text,
  author_nick: nick,
  ip_location: ip,
  created_at: Math.floor((T0 + i * 60_000) / 1000),
  updated_ms: T0 + i * 60_000,
  tag,
}));

export const MINIAPP_SUBMISSIONS: MiniappSubmission[] = [
  {
    id: 90011,
    category: '投诉',
    title: '小区门口早餐摊占道经营',
    detail: '清河街道某小区东门每天早上有七八个早餐摊占用人行道，油烟大，垃圾随地扔，行人只能走机动车道。',
    contactName: '刘晓燕',
    contactPhone: '13912345678',
    address: '阜阳市颍州区清河街道清河东路168号',
    location: { lat: 32.8901, lng: 115.8162 },
    submitTime: '2026-11-15T07:42:10+08:00',
    status: '待受理',
    reply: null,
    images: ['https://mp.fy12345.cn/img/90011-1.jpg'],
  },
  {
    id: 90014,
    category: '求助',
    title: '独居老人家中停水',
    detail: '我母亲独居，家里从昨天开始停水，物业说是水管冻裂要等维修，老人行动不便，能否先帮忙送点水。',
    contactName: '马国庆',
    contactPhone: '+86 138-5581-2233',
    address: '阜阳市颍东区向阳街道幸福小区5栋',
    location: { lat: 32.9123, lng: 115.8654 },
    submitTime: '2026-11-15T09:03:55+08:00',
    status: '已受理',
    reply: null,
    images: [],
  },
  {
    id: 90018,
    category: '建议',
    title: '建议增设公交线路',
    detail: '阜阳师范大学西湖校区到高铁站没有直达公交，学生返校很不方便，建议开通一条直达线路。',
    contactName: '黄思远',
    contactPhone: '15655801234',
    address: '阜阳市颍州区西湖大道',
    location: { lat: 32.8702, lng: 115.7401 },
    submitTime: '2026-11-15T12:20:00+08:00',
    status: '已办结',
    reply: {
      content: '感谢建议，市交通运输局已将该线路纳入明年公交线网优化方案。',
      dept: '阜阳市交通运输局',
    },
    images: [],
  },
  {
    id: 90021,
    category: '咨询',
    title: '新生儿医保怎么办理',
    detail: '孩子刚出生一个月，想咨询新生儿医保在哪里办、需要带什么材料，能不能在手机上办理？',
    contactName: '谢雨婷',
    contactPhone: '18755812345',
    address: '',
    location: { lat: 0, lng: 0 },
    submitTime: '2026-11-15T15:48:31+08:00',
    status: '已办结',
    reply: {
      content: '可通过“皖事通”APP办理新生儿参保，需提供出生医学证明和户口簿。',
      dept: '阜阳市医疗保障局',
    },
    images: [],
  },
  {
    id: 90025,
    category: '投诉',
    title: '夜间施工噪音扰民',
    detail: '颍泉区某工地连续一周晚上十一点后还在打桩，噪音非常大，严重影响休息，请查处。',
    contactName: '韩磊',
    contactPhone: '13705589012',
    address: '阜阳市颍泉区中市街道泉北路',
    location: { lat: 32.9356, lng: 115.8021 },
    submitTime: '2026-11-16T23:15:07+08:00',
    status: '已受理',
    reply: null,
    images: ['https://mp.fy12345.cn/img/90025-1.jpg', 'https://mp.fy12345.cn/img/90025-2.jpg'],
  },
  {
    id: 90030,
    category: '求助',
    title: '路灯不亮',
    detail: '太和县城关镇人民路北段路灯已经一周不亮了，晚上骑车很危险。',
    contactName: '匿名',
    contactPhone: '17356581230',
    address: '阜阳市太和县城关镇人民路',
    location: { lat: 33.1621, lng: 115.6219 },
    submitTime: '2026-11-17T19:30:00+08:00',
    status: '待受理',
    reply: null,
    images: [],
  },
  {
    id: 90033,
    category: '表扬',
    title: '表扬社区网格员',
    detail: '感谢颍州区鼓楼街道网格员小张，帮我们楼道里的老人办好了高龄津贴，服务很耐心。',
    contactName: '邓淑芬',
    contactPhone: '13866587766',
    address: '阜阳市颍州区鼓楼街道',
    location: { lat: 32.8952, lng: 115.8139 },
    submitTime: '2026-11-18T10:05:44+08:00',
    status: '已办结',
    reply: null,
    images: [],
  },
];

export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/complain/index',
    'pages/receipt/index',
    'pages/mine/index',
    'pages/detail/index',
    'pages/claim/index',
    'pages/work/index',
  ],
  subPackages: [
    {
      root: 'staff',
      pages: [
        'pages/queue/index',
        'pages/case/index',
        'pages/file/index',
        'pages/lead/index',
        'pages/apikeys/index',
        'pages/receipt/index',
        'pages/overview/index',
        'pages/alerts/index',
        'pages/risk/index',
        'pages/register/index',
        'pages/offenders/index',
        'pages/ledger/index',
        'pages/depts/index',
        'pages/rules/index',
        'pages/sites/index',
        'pages/invites/index',
        'pages/templates/index',
        'pages/config/index',
        'pages/audit/index',
      ],
    },
  ],
  // WeChat's 同声传译 plugin, to speak the complaint's description (pages/complain/SpeakButton.tsx): declared
  // only when the build sets TARO_APP_SPEECH_PLUGIN=1, for a mini-program that added the plugin in the WeChat
  // admin (设置 → 第三方设置 → 插件管理); without it the build declares nothing and the form types only.
  ...(process.env.TARO_ENV === 'weapp' && process.env.TARO_APP_SPEECH_PLUGIN === '1'
    ? { plugins: { WechatSI: { version: '0.3.5', provider: 'wx069ba97219f66d99' } } }
    : {}),
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '薪安码',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
  },
  // Two tabs for workers. 工作台 is no tab: a static tab bar cannot drop an item per user, so officials reach
  // pages/work/index from the home page's entry (shown once this phone knows they are staff), the small
  // 工作人员入口 at its foot, or an invite link (pages/work/index?invite=<code>).
  tabBar: {
    color: '#595959',
    selectedColor: '#0b57d0',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/index/index',
        text: '首页',
        iconPath: 'assets/tab/home.png',
        selectedIconPath: 'assets/tab/home-on.png',
      },
      {
        pagePath: 'pages/mine/index',
        text: '我的投诉',
        iconPath: 'assets/tab/mine.png',
        selectedIconPath: 'assets/tab/mine-on.png',
      },
    ],
  },
})

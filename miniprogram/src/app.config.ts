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
        'pages/receipt/index',
        'pages/overview/index',
        'pages/alerts/index',
        'pages/ledger/index',
        'pages/depts/index',
        'pages/rules/index',
        'pages/sites/index',
        'pages/invites/index',
        'pages/templates/index',
        'pages/config/index',
      ],
    },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '薪安码',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
  },
  tabBar: {
    color: '#666666',
    selectedColor: '#d9001b',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页' },
      { pagePath: 'pages/mine/index', text: '我的投诉' },
      { pagePath: 'pages/work/index', text: '工作台' },
    ],
  },
})

// The h5 build's component library (aliased as @tarojs/components in config/index.ts). Taro's React
// components (@tarojs/components-react) render in the same pass as the page: the stock web components
// (Stencil) each render a frame or more after it, which held the sticker page's name field back by about
// 150 ms. What components-react does not reimplement (the description's Textarea, among others) it takes
// from the web components itself. Two stay the web components, as the pages were designed on them:
// - Picker: its sheet (取消 and 确定 as 48 px targets, rows a thumb can tap) is what app.css and the
//   workers' tests are written for;
// - Button: the React one styles `.taro-button-core` with classes that outrank NutUI's (a grey background,
//   a 15px gap between buttons in a row), where the web component's tag styles never did.
export * from '@tarojs/components-react'
export { Button, Picker } from '@tarojs/components/lib/react'

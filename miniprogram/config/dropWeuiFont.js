// Webpack loader for the h5 build, applied to the stylesheet of Taro's stock components only: drops its
// inline weui icon font (an @font-face with a 6 KB base64 TrueType file), which otherwise rides in the app's
// script on every page's critical path. The font draws only `weui-icon-*` glyphs, of Taro's Icon, Checkbox
// and Radio, which no page of ours uses (test/build/h5Size.test.ts holds the pages to that).
'use strict'

module.exports = function dropWeuiFont(source) {
  return String(source).replace(/@font-face\s*\{[^}]*font-family:\s*["']?weui["']?[^}]*\}/g, '')
}

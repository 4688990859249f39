import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import { PageChunksPlugin } from './pageChunks'

// Shared domain code lives beside the mini-program, at the repository root.
const sharedDir = path.resolve(__dirname, '../../shared')

// postcss-pxtransform leaves px as px in mini-programs with targetUnit 'px' (its own code handles it);
// Taro's option type lists only rpx, vw and rem.
const PX_KEPT = { targetUnit: 'px' } as unknown as { targetUnit: 'rpx' }

export default defineConfig<'webpack5'>(async (merge, { mode }) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'xinanma',
    date: '2025-1-1',
    // NutUI React Taro is designed at 375px; our own styles use the same scale.
    designWidth: 375,
    deviceRatio: {
      375: 2,
      640: 2.34 / 2,
      750: 1,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {},
    alias: {
      '@shared': sharedDir,
    },
    copy: { patterns: [], options: {} },
    // The mini-program runs React 18. The h5 build runs the same React code on Preact's compatibility layer
    // (preact/compat, a framework Taro supports): the app's script on the sticker page's critical path went
    // from 74 to 44 KB of Brotli, about 120 ms to a usable form on Slow 4G (issue 18). babel.config.js follows.
    framework: process.env.TARO_ENV === 'h5' ? 'preact' : 'react',
    compiler: {
      type: 'webpack5',
      // Dependency prebundling is not needed and is the fragile part of offline builds; keep it off.
      prebundle: { enable: false },
    },
    // Webpack's persistent cache (node_modules/.cache/webpack, one per NODE_ENV and platform) for the watch builds,
    // `npm run dev:weapp` / `dev:h5`, whose mode is development; the production builds that tests, sizes and
    // deploys use always compile from scratch.
    cache: { enable: mode === 'development' },
    // The weapp main package is budgeted at 500 KB (test/build/weappSize.test.ts). Chinese text stays UTF-8
    // in the mini-program's scripts (3 bytes a character, not Taro's default \uXXXX escapes of 6), and the
    // page templates are unrolled 8 levels deep instead of 16 (Taro renders deeper nodes through its own
    // recursive `comp` component): about 35 KB of the main package.
    ...(process.env.TARO_ENV === 'weapp' ? { terser: { enable: true, config: { output: { ascii_only: false } } }, baseLevel: 8 } : {}),
    mini: {
      compile: { include: [sharedDir] },
      postcss: {
        // px stays px (designed at 375): text and tap targets keep their size on a 320px phone instead of
        // shrinking with rpx below the 16px / 48px minimums.
        pxtransform: { enable: true, config: PX_KEPT },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      // NutUI styles are imported per component; their order across chunks does not matter.
      miniCssExtractPluginOption: { ignoreOrder: true },
    },
    h5: {
      compile: { include: [sharedDir] },
      // Taro's React implementations of View, Input, Image and the like instead of its web components: they
      // render with the page, not a frame or two after it (config/h5Components.js).
      useHtmlComponents: true,
      // page-chunks.json: each page's files, which the server preloads for a sticker link (pageChunks.ts).
      webpackChain(chain) {
        chain.plugin('pageChunks').use(PageChunksPlugin, [path.resolve(__dirname, '../src')])
        // Taro's React components, with Button and Picker kept as the web components (see h5Components.js).
        chain.resolve.alias.set('@tarojs/components$', path.resolve(__dirname, 'h5Components.js'))
        // Taro's stock component styles without their inline weui icon font (see dropWeuiFont.js).
        chain.module
          .rule('dropWeuiFont')
          .test(/@tarojs[\\/]components[\\/]dist[\\/]taro-components[\\/]taro-components\.css$/)
          .enforce('pre')
          .use('dropWeuiFont')
          .loader(path.resolve(__dirname, 'dropWeuiFont.js'))
      },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      // index.html places the app's styles and scripts itself, after the inline splash (first paint on slow networks).
      htmlPluginOption: { inject: false },
      // `npm run dev:h5` serves the pages from webpack's dev server; everything else stays with the local server
      // (`npm run serve`, on $PORT, default 8080).
      devServer: {
        proxy: [
          {
            context: ['/api/', '/upload', '/files/', '/c/', '/q/', '/dev/', '/healthz'],
            target: `http://127.0.0.1:${process.env.PORT || 8080}`,
          },
        ],
      },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[chunkhash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        // rem base follows the screen width upwards, never below the 375px design (20px): on a 320px phone text
        // and tap targets keep their designed 16px / 48px minimums instead of shrinking with the screen.
        pxtransform: { enable: true, config: { baseFontSize: 20, minRootSize: 20, maxRootSize: 24 } },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  }
  // Same settings for development and production builds, apart from the cache above.
  return merge({}, baseConfig)
})

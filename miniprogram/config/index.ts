import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'

// Shared domain code lives beside the mini-program, at the repository root.
const sharedDir = path.resolve(__dirname, '../../shared')

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
    framework: 'react',
    compiler: {
      type: 'webpack5',
      // Dependency prebundling is not needed and is the fragile part of offline builds; keep it off.
      prebundle: { enable: false },
    },
    // Webpack's persistent cache (node_modules/.cache/webpack, one per NODE_ENV and platform) for the watch builds,
    // `npm run dev:weapp` / `dev:h5`, whose mode is development; the production builds that tests, sizes and
    // deploys use always compile from scratch.
    cache: { enable: mode === 'development' },
    mini: {
      compile: { include: [sharedDir] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      // NutUI styles are imported per component; their order across chunks does not matter.
      miniCssExtractPluginOption: { ignoreOrder: true },
    },
    h5: {
      compile: { include: [sharedDir] },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
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
        // rem base follows the screen width; allow it below 20px so 320px phones get the whole layout.
        pxtransform: { enable: true, config: { baseFontSize: 20, minRootSize: 16, maxRootSize: 24 } },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  }
  // Same settings for development and production builds, apart from the cache above.
  return merge({}, baseConfig)
})

// Writes page-chunks.json into the h5 build: for each page, the script and style files its route loads
// (Taro loads a page's chunk only once the app has started). The local server preloads the complaint
// page's files in the page it answers a sticker link with, so they come down alongside the app's own.
import path from 'node:path'
import type { Compiler } from 'webpack'

export const PAGE_CHUNKS_FILE = 'page-chunks.json'

export class PageChunksPlugin {
  constructor(private readonly srcDir: string) {}

  apply(compiler: Compiler): void {
    const { Compilation, sources } = compiler.webpack
    compiler.hooks.thisCompilation.tap('PageChunksPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'PageChunksPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_REPORT }, () => {
        const pages: Record<string, { js: string[]; css: string[] }> = {}
        for (const group of compilation.chunkGroups) {
          if (group.isInitial()) continue
          const routes = new Set<string>()
          for (const chunk of group.chunks) {
            for (const m of compilation.chunkGraph.getChunkModulesIterable(chunk)) {
              // A page module merged with its imports (module concatenation) is known by its root module.
              const own = m as { resource?: string; rootModule?: { resource?: string } }
              const resource = own.resource ?? (own.rootModule && own.rootModule.resource)
              if (!resource) continue
              const rel = path.relative(this.srcDir, resource.split('?')[0]).split(path.sep).join('/')
              const route = /^((?:[\w-]+\/)?pages\/[\w-]+\/index)\.[jt]sx?$/.exec(rel)
              if (route) routes.add(route[1])
            }
          }
          if (routes.size !== 1) continue
          const files = [...group.getFiles()].filter((f) => !f.endsWith('.map') && !f.endsWith('.txt'))
          pages[[...routes][0]] = { js: files.filter((f) => f.endsWith('.js')), css: files.filter((f) => f.endsWith('.css')) }
        }
        compilation.emitAsset(PAGE_CHUNKS_FILE, new sources.RawSource(JSON.stringify(pages, null, 1)))
      })
    })
  }
}

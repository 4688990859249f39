/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.css'

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test'
    /** Build target, replaced at build time. */
    TARO_ENV: 'weapp' | 'h5' | string
    /** CloudBase environment id (from .env). */
    TARO_APP_CLOUD_ENV: string
    /** Base URL of the HTTP API for h5; empty means same origin (from .env). */
    TARO_APP_API_BASE: string
  }
}

import { useEffect, useRef, useState } from 'react'
import { View } from '@tarojs/components'

/**
 * Speaking instead of typing (WeChat only): WeChat's 同声传译 plugin (WechatSI), declared in app.config.ts
 * when the build sets TARO_APP_SPEECH_PLUGIN=1 (the mini-program must have added the plugin in the WeChat
 * admin). Without it this renders nothing and requires nothing; in a browser the phone's own keyboard has
 * a microphone.
 */
export const SPEECH = process.env.TARO_ENV === 'weapp' && process.env.TARO_APP_SPEECH_PLUGIN === '1'

/** What the plugin's recognition manager offers (WechatSI getRecordRecognitionManager). */
interface Recognizer {
  start(opts: { duration: number; lang: string }): void
  stop(): void
  onStop: ((res: { result?: string }) => void) | null
  onError: ((res: { msg?: string }) => void) | null
}

declare const requirePlugin: ((name: string) => { getRecordRecognitionManager(): Recognizer }) | undefined

function recognizer(): Recognizer | null {
  if (!SPEECH || typeof requirePlugin !== 'function') return null
  try {
    return requirePlugin('WechatSI').getRecordRecognitionManager()
  } catch {
    return null
  }
}

/** Hold to talk: what was said is added to the text. */
export function SpeakButton({ onText }: { onText: (text: string) => void }) {
  const manager = useRef<Recognizer | null>(null)
  const [state, setState] = useState<'idle' | 'listening' | 'failed'>('idle')
  const onTextRef = useRef(onText)
  onTextRef.current = onText

  useEffect(() => {
    const m = recognizer()
    if (!m) return
    m.onStop = (res) => {
      setState('idle')
      const said = ((res && res.result) || '').trim()
      if (said) onTextRef.current(said)
    }
    m.onError = () => setState('failed')
    manager.current = m
    return () => {
      m.onStop = null
      m.onError = null
    }
  }, [])

  if (!SPEECH) return null
  const start = () => {
    if (!manager.current) return setState('failed')
    setState('listening')
    manager.current.start({ duration: 60000, lang: 'zh_CN' })
  }
  const stop = () => {
    if (manager.current && state === 'listening') manager.current.stop()
  }
  return (
    <View className="xam-speak">
      <View className={'xam-speak-button' + (state === 'listening' ? ' xam-speak-on' : '')} onTouchStart={start} onTouchEnd={stop}>
        {state === 'listening' ? '正在听，说完松开' : '按住说话'}
      </View>
      {state === 'failed' ? <View className="xam-muted xam-speak-failed">没听清，请再按住说一次，或者打字</View> : null}
    </View>
  )
}

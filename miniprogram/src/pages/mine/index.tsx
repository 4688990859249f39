import { useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Status } from '@shared/types'
import { STATUS_HINTS, WORKER_STATUS_LABELS } from '@shared/labels'
import { callApi, errorMessage, isApiCallError } from '../../api'
import { signInNeeded, signOut, smsSignIn } from '../../api/session'
import { ErrorBanner } from '../../components/ErrorBanner'
import { ServiceFooter } from '../../components/ServiceHeader'
import { SignIn } from '../../components/SignIn'
import { loadMe } from '../../utils/draft'
import { go, goHome } from '../../utils/nav'
import { badgeClass, statusTone } from '../../utils/status'
import { formatShort } from '../../utils/time'
import '../../components/worker.css'
import './index.css'

interface MineItem {
  id: string
  caseNo: string
  status: Status
  siteName: string
  createdAt: string
  updatedAt: string
}

export default function Mine() {
  const [items, setItems] = useState<MineItem[] | null>(null)
  const [error, setError] = useState('')
  /** A browser on a server that signs in by SMS: the phone the complaints were filed with, proven by code. */
  const [needSignIn, setNeedSignIn] = useState(false)
  const [sms, setSms] = useState(false)

  const load = async () => {
    try {
      setSms(await smsSignIn())
      if (await signInNeeded()) {
        setNeedSignIn(true)
        setError('')
        return
      }
      const res = await callApi('worker', 'complaint.listMine', {})
      setItems(res.items || [])
      setNeedSignIn(false)
      setError('')
    } catch (e) {
      if (isApiCallError(e) && e.code === 'UNAUTHENTICATED' && process.env.TARO_ENV === 'h5') {
        setItems(null)
        setNeedSignIn(true)
        setError('')
      } else setError(errorMessage(e))
    }
  }

  const switchPhone = () => {
    signOut()
    setItems(null)
    setNeedSignIn(true)
  }

  useDidShow(() => {
    load()
  })
  usePullDownRefresh(() => {
    load().finally(() => Taro.stopPullDownRefresh())
  })

  const needYou = (items || []).filter((it) => statusTone(it.status) === 'act').length

  if (needSignIn) {
    const me = loadMe()
    return (
      <View className="xam-page xam-w xam-mine">
        <SignIn
          title="查看我的投诉"
          hint="用提交投诉时填的手机号获取验证码，登录后就能看到您的投诉和办理进度。"
          initialPhone={me ? me.phone : ''}
          submitLabel="登录"
          onDone={() => {
            setNeedSignIn(false)
            load()
          }}
        />
      </View>
    )
  }

  return (
    <View className="xam-page xam-w xam-mine">
      <ErrorBanner message={error} />
      {error ? (
        <Button type="primary" size="large" block className="xam-big-button xam-retry" onClick={load}>
          重试
        </Button>
      ) : null}
      {items === null && !error ? <View className="xam-empty">正在加载……</View> : null}
      {needYou > 0 ? <View className="xam-notice xam-mine-need">有 {needYou} 件需要您确认，点开看看</View> : null}
      {items !== null && items.length === 0 ? (
        <View className="xam-empty xam-mine-empty">
          <View>还没有投诉记录</View>
          <Button type="primary" size="xlarge" block className="xam-big-button" onClick={goHome}>
            去投诉
          </Button>
        </View>
      ) : null}
      {(items || []).map((it) => (
        <View
          key={it.id}
          className={'xam-list-item xam-mine-item xam-mine-' + statusTone(it.status)}
          data-id={it.id}
          data-status={it.status}
          onClick={() => go('/pages/detail/index?id=' + encodeURIComponent(it.id))}
        >
          <View className="xam-mine-top">
            <View className={badgeClass(it.status) + ' xam-mine-status'}>{WORKER_STATUS_LABELS[it.status] || it.status}</View>
            <View className="xam-mine-more">查看 ›</View>
          </View>
          {STATUS_HINTS[it.status] && STATUS_HINTS[it.status] !== WORKER_STATUS_LABELS[it.status] ? (
            <View className="xam-mine-hint">{STATUS_HINTS[it.status]}</View>
          ) : null}
          <View className="xam-mine-site">{it.siteName || '（没填项目）'}</View>
          <View className="xam-muted">
            编号 <View className="xam-case-no-inline">{it.caseNo}</View>
          </View>
          <View className="xam-muted">最近更新 {formatShort(it.updatedAt)}</View>
        </View>
      ))}
      <View className="xam-card xam-mine-claim">
        <View className="xam-text">在服务台登记的投诉不在这里？用回执上的案件编号和认领码认领，以后就能在这里看进度。</View>
        <Button size="large" block className="xam-big-button xam-go-claim" onClick={() => go('/pages/claim/index')}>
          认领服务台登记的案件
        </Button>
      </View>
      {process.env.TARO_ENV === 'weapp' ? <PhoneLink onLinked={load} /> : null}
      {sms && items !== null ? (
        <View className="xam-textlink xam-switch-phone" onClick={switchPhone}>
          换个手机号查看
        </View>
      ) : null}
      <ServiceFooter />
    </View>
  )
}

/**
 * In WeChat: link the phone a worker filed with in a browser, so those complaints show here too. By SMS
 * code: WeChat's phone-number button (getPhoneNumber) is only for certified mini-programs.
 */
function PhoneLink({ onLinked }: { onLinked: () => void }) {
  const [linked, setLinked] = useState<string | null>(null)
  const [open, setOpen] = useState(false)
  useDidShow(() => {
    callApi('worker', 'phone.status', {})
      .then((r) => setLinked(r.phone))
      .catch(() => undefined)
  })
  if (linked) return <View className="xam-muted xam-phone-linked">已绑定手机号 {linked}，在网页上用它提交的投诉也会显示在这里。</View>
  if (!open) {
    return (
      <View className="xam-card xam-phone-link">
        <View className="xam-text">在手机浏览器里提交过投诉？绑定当时填的手机号，那些投诉也会显示在这里。</View>
        <Button size="large" block className="xam-big-button xam-phone-link-open" onClick={() => setOpen(true)}>
          绑定手机号
        </Button>
      </View>
    )
  }
  return (
    <SignIn
      title="绑定手机号"
      hint="输入手机号，获取验证码。绑定后，用这个手机号在网页上提交的投诉也会显示在这里。"
      submitLabel="绑定"
      verify={async (phone, code) => {
        const r = await callApi('worker', 'phone.link', { phone, code })
        setLinked(r.phone)
      }}
      onDone={() => {
        setOpen(false)
        onLinked()
      }}
      onCancel={() => setOpen(false)}
      cancelLabel="以后再说"
    />
  )
}

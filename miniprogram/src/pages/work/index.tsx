import { useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { isWatchKind, type Role } from '@shared/types'
import { ROLE_LABELS } from '@shared/labels'
import { callApi, errorMessage, isApiCallError } from '../../api'
import type { Me } from '../../api/staff'
import { ErrorBanner } from '../../components/ErrorBanner'
import { SignIn } from '../../components/SignIn'
import { signInNeeded } from '../../api/session'
import { FieldError } from '../../components/FieldError'
import { InfoRow } from '../../components/InfoRow'
import { go, param } from '../../utils/nav'
import { rememberRole } from '../../utils/staffRole'
import { requestSubscription } from '../../utils/subscribe'
import { Profile } from './Profile'
import './index.css'

type StaffRole = Exclude<Role, 'worker'>

interface Entry {
  key: string
  label: string
  hint: string
  url: string
  roles: StaffRole[]
}

const STAFF: StaffRole[] = ['desk', 'inspector', 'coordinator']

/** The day's work, first: what each role opens most. */
const MAIN: Entry[] = [
  { key: 'file', label: '代工友登记', hint: '替不会用手机的工友登记，可多人一起', url: '/staff/pages/file/index', roles: ['desk'] },
  { key: 'queue', label: '办理队列', hint: '待受理、办理中、超期的案件', url: '/staff/pages/queue/index', roles: STAFF },
  { key: 'overview', label: '数据总览', hint: '辖区案件数、按期率、满意度', url: '/staff/pages/overview/index', roles: ['coordinator'] },
  { key: 'alerts', label: '即时报告', hint: '重大欠薪风险预警', url: '/staff/pages/alerts/index', roles: ['coordinator'] },
  { key: 'risk', label: '风险分布', hint: '各地区、各行业的未办结案件和风险', url: '/staff/pages/risk/index', roles: ['coordinator'] },
]

/** Less frequent: filing for others (non-desk staff), the ledger and the coordinators' settings. */
const MORE: Entry[] = [
  { key: 'file', label: '代工友登记', hint: '', url: '/staff/pages/file/index', roles: ['inspector', 'coordinator'] },
  { key: 'lead', label: '登记转来的线索', hint: '12345、国家平台、12333、信访、来访、媒体', url: '/staff/pages/lead/index', roles: STAFF },
  { key: 'ledger', label: '台账导出', hint: '', url: '/staff/pages/ledger/index', roles: STAFF },
  { key: 'register', label: '风险台账', hint: '有未办结案件的项目和用人单位', url: '/staff/pages/register/index', roles: STAFF },
  { key: 'offenders', label: '欠薪用人单位', hint: '台账和失信惩戒推荐名单', url: '/staff/pages/offenders/index', roles: ['coordinator'] },
  { key: 'depts', label: '单位管理', hint: '', url: '/staff/pages/depts/index', roles: ['coordinator'] },
  { key: 'rules', label: '分办规则', hint: '', url: '/staff/pages/rules/index', roles: ['coordinator'] },
  { key: 'sites', label: '项目管理', hint: '', url: '/staff/pages/sites/index', roles: ['coordinator'] },
  { key: 'invites', label: '邀请码', hint: '', url: '/staff/pages/invites/index', roles: ['coordinator'] },
  { key: 'templates', label: '答复模板', hint: '', url: '/staff/pages/templates/index', roles: ['coordinator'] },
  { key: 'config', label: '期限与设置', hint: '', url: '/staff/pages/config/index', roles: ['coordinator'] },
  { key: 'audit', label: '修改记录', hint: '谁改了单位、规则、项目和设置', url: '/staff/pages/audit/index', roles: ['coordinator'] },
  { key: 'apikeys', label: '12345接口密钥', hint: '', url: '/staff/pages/apikeys/index', roles: ['coordinator'] },
]

/** An invite code from what the camera read: the code itself, or a link carrying `invite=`/`code=`. */
function codeFromScan(raw: string): string {
  const s = raw.trim()
  const m = /[?&#](?:invite|code)=([A-Za-z0-9]+)/.exec(s)
  if (m) return m[1]
  return s
}

export default function Work() {
  const [me, setMe] = useState<Me | null>(null)
  const [error, setError] = useState('')
  // An invite link (pages/work/index?invite=<code>) fills the code in.
  const router = useRouter()
  const [code, setCode] = useState(() => codeFromScan(param(router.params, 'invite')))
  const [codeError, setCodeError] = useState('')
  const [busy, setBusy] = useState(false)

  /** A browser on a server that signs in by SMS: the official's phone (the one their invite names), proven by code. */
  const [needSignIn, setNeedSignIn] = useState(false)
  const load = async () => {
    try {
      if (await signInNeeded()) {
        setNeedSignIn(true)
        return
      }
      const got = await callApi('staff', 'me', {})
      setMe(got)
      rememberRole(got.role)
      setNeedSignIn(false)
      setError('')
    } catch (e) {
      if (isApiCallError(e) && e.code === 'UNAUTHENTICATED' && process.env.TARO_ENV === 'h5') {
        setMe(null)
        setNeedSignIn(true)
      } else setError(errorMessage(e))
    }
  }

  useDidShow(() => {
    load()
  })

  const accept = async (raw: string = code) => {
    const value = raw.trim()
    if (!value) {
      setCodeError('请填写邀请码')
      return
    }
    setBusy(true)
    setCodeError('')
    try {
      await callApi('staff', 'invite.accept', { code: value })
      setCode('')
      Taro.showToast({ title: '已加入', icon: 'success' })
      await load()
    } catch (e) {
      if (isApiCallError(e) && e.fields && e.fields.code) setCodeError(e.fields.code)
      else setCodeError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const scan = async () => {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: false })
      const value = codeFromScan(res.result || '')
      setCode(value)
      if (value) await accept(value)
    } catch {
      // Cancelled: nothing to do.
    }
  }

  // New cases, escalations and alerts reach officials as WeChat messages only once they allow them,
  // and WeChat asks only from a tap: one button, shown until they said yes this session.
  const [subscribed, setSubscribed] = useState(false)
  const templates = me && me.subscribeTemplates ? me.subscribeTemplates : []
  const canSubscribe = process.env.TARO_ENV === 'weapp' && templates.length > 0 && !subscribed
  const subscribe = () => {
    requestSubscription(templates).then((yes) => yes && setSubscribed(true))
  }

  const role = me ? me.role : 'worker'
  // A 政法委 or 信访局 reads severe cases in the queue, nothing else (the server refuses the rest).
  const watcher = !!(me && me.dept && isWatchKind(me.dept.kind))
  const main = MAIN.filter((e) => role !== 'worker' && e.roles.indexOf(role) >= 0 && (!watcher || e.key === 'queue'))
  const more = MORE.filter((e) => role !== 'worker' && e.roles.indexOf(role) >= 0 && !watcher)

  if (needSignIn) {
    return (
      <View className="xam-page xam-work">
        <SignIn
          title="工作人员登录"
          hint="用联席办登记的手机号（邀请码上写的那个）获取验证码登录。"
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
    <View className="xam-page xam-work">
      <ErrorBanner message={error} />
      {!me && !error ? <View className="xam-empty">正在加载……</View> : null}
      {error && !me ? (
        <Button size="large" block className="xam-retry" onClick={load}>
          重试
        </Button>
      ) : null}
      {me ? (
        <View>
          <View className="xam-card">
            <InfoRow label="身份" className="xam-role">
              {ROLE_LABELS[me.role] || me.role}
            </InfoRow>
            {me.dept ? (
              <InfoRow label="单位" className="xam-dept">
                {me.dept.name}
              </InfoRow>
            ) : null}
            {me.role !== 'worker' ? (
              <Profile
                name={me.name || ''}
                officePhone={me.officePhone || ''}
                onSaved={(saved) => setMe({ ...me, name: saved.name, officePhone: saved.officePhone })}
              />
            ) : null}
          </View>

          {me.role === 'worker' ? (
            <View className="xam-card xam-invite">
              <View className="xam-subtitle">工作人员请输入邀请码</View>
              <View className="xam-muted">邀请码由联席办发给您，7天内有效，只能用一次。工友不用填，直接去首页投诉就行。</View>
              <Input
                className="xam-input xam-invite-code"
                placeholder="邀请码"
                value={code}
                maxLength={40}
                onChange={(v) => {
                  setCode(v)
                  if (codeError) setCodeError('')
                }}
              />
              <FieldError name="code" message={codeError} />
              <Button
                type="primary"
                size="large"
                block
                loading={busy}
                className="xam-big-button xam-invite-accept"
                onClick={() => accept()}
              >
                加入单位
              </Button>
              {process.env.TARO_ENV === 'weapp' ? (
                <Button size="large" block className="xam-big-button xam-invite-scan" onClick={scan}>
                  扫邀请码
                </Button>
              ) : null}
              {me.openid && process.env.TARO_ENV === 'weapp' ? (
                // The first coordinator of a deployment is set from this id (README, "Set the first coordinator");
                // WeChat only: a browser's coordinator is set by phone (scripts/set-coordinator.ts --phone).
                <View
                  className="xam-muted xam-my-id"
                  onClick={() => Taro.setClipboardData({ data: me.openid || '' }).catch(() => undefined)}
                >
                  我的用户编号：{me.openid}（点一下复制，设置第一位联席办管理员时用）
                </View>
              ) : null}
            </View>
          ) : (
            <View className="xam-work-entries">
              {canSubscribe ? (
                <Button size="large" block className="xam-big-button xam-work-subscribe" onClick={subscribe}>
                  接收新案件和超期提醒
                </Button>
              ) : null}
              {main.map((e, i) => (
                <View
                  key={e.key}
                  className={'xam-work-entry xam-open-' + e.key + (i === 0 ? ' xam-work-entry-first' : '')}
                  onClick={() => go(e.url)}
                >
                  <View className="xam-work-entry-label">{e.label}</View>
                  <View className="xam-work-entry-hint">{e.hint}</View>
                </View>
              ))}
              {more.length ? (
                <View className="xam-card xam-work-more">
                  <View className="xam-subtitle">{me.role === 'coordinator' ? '管理' : '其他'}</View>
                  <View className="xam-work-grid">
                    {more.map((e) => (
                      <View key={e.key} className={'xam-work-tile xam-open-' + e.key} onClick={() => go(e.url)}>
                        {e.label}
                      </View>
                    ))}
                  </View>
                </View>
              ) : null}
            </View>
          )}
        </View>
      ) : null}
    </View>
  )
}

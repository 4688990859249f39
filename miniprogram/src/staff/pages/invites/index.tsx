import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { isMobile, maskMobile } from '@shared/validators/phone'
import type { Role } from '@shared/types'
import { ROLE_LABELS } from '@shared/labels'
import { callApi, errorMessage, isApiCallError } from '../../../api'
import { useLoadOnOpen } from '../../lib/useLoad'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { FieldError } from '../../../components/FieldError'
import { formatDateTime } from '../../../utils/time'
import { Select } from '../../components/Select'
import { itemsOf, listDepts } from '../../lib/api'
import { deptsIn } from '../../lib/scope'
import type { DeptItem, InviteItem, InviteState } from '../../lib/types'
import { useMe } from '../../lib/useMe'
import '../../styles.css'
import './index.css'

type InviteRole = Exclude<Role, 'worker'>

const ROLE_OPTIONS: { value: InviteRole; label: string }[] = [
  { value: 'inspector', label: '办理人员（监察、行业部门）' },
  { value: 'desk', label: '服务台人员' },
  { value: 'coordinator', label: '联席办' },
]

const STATE_LABELS: Record<InviteState, string> = { open: '可使用', used: '已使用', expired: '已过期', revoked: '已作废' }

function stateOf(i: InviteItem): InviteState {
  if (i.state) return i.state
  if (i.revoked) return 'revoked'
  if (i.usedBy) return 'used'
  return Date.parse(i.expiresAt) <= Date.now() ? 'expired' : 'open'
}

export default function Invites() {
  const { me, meError } = useMe()
  const area = me && me.dept ? me.dept.areaCode : ''
  const [invites, setInvites] = useState<InviteItem[] | null>(null)
  const [depts, setDepts] = useState<DeptItem[]>([])
  const [error, setError] = useState('')
  const [role, setRole] = useState<InviteRole | ''>('')
  const [deptId, setDeptId] = useState('')
  /** The official's mobile: needed to sign in from a browser, optional in WeChat. */
  const [phone, setPhone] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const [fresh, setFresh] = useState<{ code: string; expiresAt: string; role: InviteRole; deptId: string } | null>(null)
  const [revoking, setRevoking] = useState('')

  const load = useLoadOnOpen(async () => {
    const [i, d] = await Promise.all([callApi('admin', 'invite.list', {}), listDepts()])
    setInvites(itemsOf(i))
    setDepts(d)
  }, setError)

  const deptName = (id: string) => depts.find((d) => d.id === id)?.name || id
  const mine = area ? deptsIn(area, depts) : []
  // Desk staff join a desk; inspectors and coordinators a department that handles cases.
  const choices = mine.filter((d) => (role === 'desk' ? d.kind === 'desk' : d.kind !== 'desk'))

  const create = async () => {
    const local: Record<string, string> = {}
    if (!role) local.role = '请选择角色'
    if (!deptId) local.deptId = '请选择单位'
    if (phone && !isMobile(phone)) local.phone = '请填写11位手机号'
    if (Object.keys(local).length) {
      setErrors(local)
      return
    }
    setBusy(true)
    setErrors({})
    setError('')
    try {
      const r = await callApi('admin', 'invite.create', { role: role as InviteRole, deptId, ...(phone ? { phone } : {}) })
      setFresh({ ...r, role: role as InviteRole, deptId })
      setPhone('')
      await load()
    } catch (e) {
      if (isApiCallError(e) && e.code === 'VALIDATION') setErrors(e.fields)
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const revoke = async (code: string) => {
    const ok = await Taro.showModal({ title: '作废邀请码', content: `作废后 ${code} 不能再使用，确定吗？`, confirmText: '作废' })
    if (!ok.confirm) return
    setRevoking(code)
    setError('')
    try {
      await callApi('admin', 'invite.revoke', { code })
      Taro.showToast({ title: '已作废', icon: 'success' })
      if (fresh && fresh.code === code) setFresh(null)
      await load()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setRevoking('')
    }
  }

  return (
    <View className="xam-page xam-invites">
      <ErrorBanner message={meError || error} />
      <View className="xam-card xam-invite-form">
        <View className="xam-subtitle">新建邀请码</View>
        <View className="xam-hint">对方在小程序首页底部点“工作人员入口”，输入邀请码即可加入。7天内有效，只能用一次。</View>
        <Select
          className="xam-invite-role"
          options={ROLE_OPTIONS}
          value={role}
          placeholder="选择角色"
          onChange={(v) => {
            setRole(v)
            setDeptId('')
          }}
        />
        <FieldError name="role" message={errors.role} />
        <Select
          className="xam-invite-dept"
          options={choices.map((d) => ({ value: d.id, label: d.name }))}
          value={deptId}
          placeholder={role ? '选择单位' : '先选角色'}
          disabled={!role}
          onChange={setDeptId}
        />
        <FieldError name="deptId" message={errors.deptId} />
        <Input
          className="xam-input xam-invite-phone"
          type="number"
          placeholder="对方手机号（在电脑或手机浏览器上办公必填）"
          value={phone}
          maxLength={11}
          onChange={(v) => {
            setPhone(v)
            if (errors.phone) setErrors({ ...errors, phone: '' })
          }}
        />
        <FieldError name="phone" message={errors.phone} />
        <View className="xam-hint">填了手机号，只有这个手机号的本人能用这个邀请码；以后在浏览器里用它收验证码登录。</View>
        <Button type="primary" size="large" block loading={busy} className="xam-big-button xam-invite-create" onClick={create}>
          生成邀请码
        </Button>
        {fresh ? (
          <View className="xam-invite-fresh">
            <View className="xam-code xam-invite-new-code">{fresh.code}</View>
            <View className="xam-muted">
              {ROLE_LABELS[fresh.role]} · {deptName(fresh.deptId)}
            </View>
            <View className="xam-muted">{formatDateTime(fresh.expiresAt)} 前有效</View>
            <View className="xam-link xam-invite-copy" onClick={() => Taro.setClipboardData({ data: fresh.code }).catch(() => undefined)}>
              复制邀请码
            </View>
          </View>
        ) : null}
      </View>

      <View className="xam-card xam-invite-list">
        <View className="xam-subtitle">已发出的邀请码</View>
        {invites === null && !error ? <View className="xam-muted">正在加载……</View> : null}
        {invites && invites.length === 0 ? <View className="xam-muted">还没有发过邀请码</View> : null}
        {(invites || []).map((i) => {
          const state = stateOf(i)
          return (
            <View key={i.code} className="xam-list-row xam-invite-item" data-code={i.code} data-state={state}>
              <View className="xam-invite-item-top">
                <View className="xam-invite-item-code">{i.code}</View>
                <View className={'xam-tag xam-invite-state-' + state}>{STATE_LABELS[state]}</View>
              </View>
              <View className="xam-muted">
                {ROLE_LABELS[i.role] || i.role} · {deptName(i.deptId)}
                {i.phone ? ` · 限手机号 ${maskMobile(i.phone)}` : ''}
              </View>
              <View className="xam-muted">
                {state === 'used' && i.usedAt ? formatDateTime(i.usedAt) + ' 已使用' : formatDateTime(i.expiresAt) + ' 到期'}
              </View>
              {state === 'open' ? (
                <Button
                  size="small"
                  type="danger"
                  fill="outline"
                  loading={revoking === i.code}
                  className="xam-invite-revoke"
                  onClick={() => revoke(i.code)}
                >
                  作废
                </Button>
              ) : null}
            </View>
          )
        })}
      </View>
    </View>
  )
}

import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Image, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { formatFen, phoneText } from '@shared/labels'
import { callApi, errorMessage } from '../../../api'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { InfoRow } from '../../../components/InfoRow'
import { go, param } from '../../../utils/nav'
import { formatDateTime } from '../../../utils/time'
import type { DeskReceipt } from '../../lib/types'
import { svgDataUrl } from '../../lib/svg'
import '../../styles.css'
import './index.css'

const IS_H5 = process.env.TARO_ENV === 'h5'
// Print rules exist only in the browser; the WeChat build never includes them.
if (process.env.TARO_ENV === 'h5') require('./print.css')

/** The QR the worker scans to follow the case in their own WeChat. */
function ClaimQr({ svg }: { svg: string }) {
  if (IS_H5) {
    // Inline SVG prints sharp at any size.
    return <div className="xam-receipt-qr" dangerouslySetInnerHTML={{ __html: svg }} />
  }
  return <Image className="xam-receipt-qr" src={svgDataUrl(svg)} mode="aspectFit" />
}

export default function DeskReceiptPage() {
  const router = useRouter()
  const id = param(router.params, 'id')
  const fresh = param(router.params, 'new') === '1'
  const [r, setR] = useState<DeskReceipt | null>(null)
  const [error, setError] = useState('')
  const [reissuing, setReissuing] = useState(false)
  const [reissued, setReissued] = useState(false)

  const load = async () => {
    setError('')
    try {
      setR(await callApi('staff', 'complaint.receipt', { id }))
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  useEffect(() => {
    if (id) load()
    else setError('没有找到这个案件')
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id])

  const print = () => {
    if (IS_H5) window.print()
  }

  // New codes for the workers who have not claimed the case: the old ones stop working, a locked claim opens.
  const reissue = async () => {
    if (reissuing) return
    const ok = await Taro.showModal({
      title: '重新生成认领码',
      content: '还没认领的工友会拿到新的认领码，原来的认领码作废。确定吗？',
      confirmText: '重新生成',
    })
    if (!ok.confirm) return
    setReissuing(true)
    setError('')
    try {
      await callApi('staff', 'complaint.reissueClaim', { id })
      setReissued(true)
      await load()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setReissuing(false)
    }
  }
  // A group: each worker has their own code, printed on their own slip.
  const group = !!r && r.complainants.length > 1

  return (
    <View className="xam-page xam-desk-receipt">
      <ErrorBanner message={error} />
      {error && id ? (
        <Button size="large" block className="xam-retry xam-no-print" onClick={load}>
          重试
        </Button>
      ) : null}
      {!r && !error ? <View className="xam-empty">正在加载……</View> : null}
      {r ? (
        <View>
          {fresh ? <View className="xam-ok xam-no-print">已登记。请把回执交给工友，或让工友用微信扫下面的二维码。</View> : null}
          {reissued ? (
            <View className="xam-ok xam-no-print xam-receipt-reissued">已生成新的认领码，原来的作废。请重新打印回执交给工友。</View>
          ) : null}
          {r.claimLocked ? (
            <View className="xam-warn xam-no-print xam-receipt-locked">
              认领码输错次数太多，这个案件已暂停认领。请核实工友身份后，点下面的“重新生成认领码”。
            </View>
          ) : null}
          <View className="xam-card xam-print-area">
            <View className="xam-receipt-title">欠薪投诉登记回执</View>
            <View className="xam-receipt-grid">
              <View className="xam-receipt-codes">
                <View className="xam-receipt-label">案件编号</View>
                <View className="xam-code xam-receipt-case-no">{r.caseNo}</View>
                {!group && r.claimCode ? (
                  <View>
                    <View className="xam-receipt-label">认领码</View>
                    <View className="xam-code xam-receipt-claim-code">{r.claimCode}</View>
                  </View>
                ) : null}
              </View>
              {!group && r.claimQrSvg ? (
                <View className="xam-receipt-qr-box">
                  <ClaimQr svg={r.claimQrSvg} />
                  <View className="xam-receipt-qr-hint">微信扫码，查看办理进度</View>
                </View>
              ) : null}
            </View>
            {!group && !r.claimCode ? (
              <View className="xam-hint xam-receipt-claimed">工友已认领此案件，或不是本单位登记的，不再显示认领码。</View>
            ) : null}
            {group ? <View className="xam-hint xam-receipt-group-hint">每位工友有自己的认领码，请沿虚线剪开，分别交给本人。</View> : null}

            <View className="xam-receipt-section">
              <InfoRow label="项目">{r.projectName}</InfoRow>
              {r.employerName ? <InfoRow label="欠薪单位">{r.employerName}</InfoRow> : null}
              <InfoRow label="被欠金额">{formatFen(r.amountOwedFen)}</InfoRow>
              {r.workerCount ? <InfoRow label="涉及人数">{r.workerCount} 人</InfoRow> : null}
              <InfoRow label="登记时间">{formatDateTime(r.createdAt)}</InfoRow>
              <InfoRow label="首问单位">{r.firstResponder ? r.firstResponder.name : ''}</InfoRow>
              <InfoRow label="办理单位" className="xam-receipt-handler">
                {r.handler ? r.handler.name : ''}
              </InfoRow>
              <InfoRow label="受理期限">{r.acceptDueAt ? formatDateTime(r.acceptDueAt) + ' 前' : '办理单位将尽快确定'}</InfoRow>
            </View>

            {r.complainants && r.complainants.length ? (
              <View className="xam-receipt-section xam-receipt-people">
                <View className="xam-receipt-label">登记的工友</View>
                {r.complainants.map((p, i) => (
                  <View key={i} className="xam-receipt-person">
                    <View className="xam-receipt-person-name">{p.name}</View>
                    <View className="xam-receipt-person-phone">{phoneText(p)}</View>
                    <View className="xam-receipt-person-amount">{formatFen(p.amountOwedFen)}</View>
                  </View>
                ))}
              </View>
            ) : null}

            {group
              ? r.complainants.map((p, i) => (
                  <View key={i} className="xam-receipt-slip" data-row={i}>
                    <View className="xam-receipt-slip-head">
                      <View className="xam-receipt-slip-name">{p.name}</View>
                      <View className="xam-receipt-slip-amount">{formatFen(p.amountOwedFen)}</View>
                    </View>
                    {p.claimCode ? (
                      <View className="xam-receipt-grid">
                        <View className="xam-receipt-codes">
                          <View className="xam-receipt-label">案件编号</View>
                          <View className="xam-code">{r.caseNo}</View>
                          <View className="xam-receipt-label">本人认领码</View>
                          <View className="xam-code xam-receipt-slip-code xam-receipt-claim-code">{p.claimCode}</View>
                        </View>
                        {p.claimQrSvg ? (
                          <View className="xam-receipt-qr-box">
                            <ClaimQr svg={p.claimQrSvg} />
                            <View className="xam-receipt-qr-hint">微信扫码，查看办理进度</View>
                          </View>
                        ) : null}
                      </View>
                    ) : (
                      <View className="xam-hint xam-receipt-slip-claimed">
                        {p.claimed ? '已用微信认领' : '不是本单位登记的，不显示认领码'}
                      </View>
                    )}
                  </View>
                ))
              : null}

            <View className="xam-receipt-section xam-receipt-howto">
              <View>怎么查进度：</View>
              <View>1. 用微信扫上面的二维码，按提示确认，就能在“我的投诉”里看到这个案件。</View>
              <View>2. 也可以打开“薪安码”小程序，凭案件编号和认领码认领。</View>
              <View>3. 认领码只能用一次，请不要交给别人。</View>
            </View>
          </View>

          <View className="xam-card xam-no-print xam-receipt-duty">
            <View className="xam-subtitle">内部信息（不打印）</View>
            <InfoRow label="承办人" className="xam-receipt-assignee">
              {r.assignee ? r.assignee.name + '（' + (r.handler ? r.handler.name : '') + '）' : '受理后确定'}
            </InfoRow>
            {r.assignee ? (
              <InfoRow label="办公电话" className="xam-receipt-assignee-phone">
                {r.assignee.officePhone || '未填写'}
              </InfoRow>
            ) : null}
            {r.supervision ? (
              <InfoRow label="挂牌督办" className={'xam-receipt-supervision' + (r.supervision.overdue ? ' xam-case-late' : '')}>
                {formatDateTime(r.supervision.dueAt) + ' 前办结' + (r.supervision.overdue ? '（已超期）' : '')}
                {r.supervision.leaderName ? '，包案领导 ' + r.supervision.leaderName : ''}
              </InfoRow>
            ) : null}
          </View>

          <View className="xam-no-print">
            {IS_H5 ? (
              <Button type="primary" size="xlarge" block className="xam-big-button xam-receipt-print" onClick={print}>
                打印
              </Button>
            ) : (
              <View className="xam-hint">手机上不能直接打印：请让工友用微信扫码，或把案件编号和认领码抄给他。</View>
            )}
            {r.canReissue ? (
              <Button size="large" block loading={reissuing} className="xam-receipt-reissue" onClick={reissue}>
                重新生成认领码
              </Button>
            ) : null}
            <View className="xam-button-row">
              <Button size="large" className="xam-receipt-case" onClick={() => go('/staff/pages/case/index?id=' + encodeURIComponent(id))}>
                查看案件
              </Button>
              <Button size="large" className="xam-receipt-again" onClick={() => Taro.redirectTo({ url: '/staff/pages/file/index' })}>
                再登记一件
              </Button>
            </View>
          </View>
        </View>
      ) : null}
    </View>
  )
}

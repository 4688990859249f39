import Taro from '@tarojs/taro'
import { Image, View } from '@tarojs/components'
import type { ComplaintView } from '@shared/types'
import { CHANNEL_LABELS, FUNDING_LABELS, INDUSTRY_LABELS, RISK_LABELS, formatFen, phoneText } from '@shared/labels'
import { casePhotoUrls } from '../../api/upload'
import { InfoRow } from '../../components/InfoRow'
import { formatDateTime, formatMonth } from '../../utils/time'
import { previewPhotos } from '../../utils/preview'

/** Everything staff need to know about a case, read-only. */
export function CaseFacts({ c, nameMasked, onRevealName }: { c: ComplaintView; nameMasked?: boolean; onRevealName?: () => void }) {
  // The server masks numbers (138****5678) for everyone but the handling department.
  // Without a mobile: the contact phone (a relative's or the desk's), to call the same way.
  const phone = c.complainant ? c.complainant.phone || c.complainant.contactPhone || '' : ''
  const full = !!phone && phone.indexOf('*') < 0
  return (
    <View>
      <View className="xam-card xam-case-people">
        <View className="xam-subtitle">投诉人</View>
        <InfoRow label="姓名" className="xam-complainant-name">
          {c.complainant ? c.complainant.name : ''}
          {nameMasked && onRevealName ? (
            <View className="xam-link xam-reveal-name" onClick={onRevealName}>
              查看姓名
            </View>
          ) : null}
        </InfoRow>
        {nameMasked ? <View className="xam-hint xam-name-hint">姓名已隐藏，只有办理单位默认可见；点“查看姓名”会记入台账。</View> : null}
        <InfoRow label="手机号" className="xam-complainant-phone">
          {c.complainant ? phoneText(c.complainant) : ''}
          {full ? (
            <View
              className="xam-link xam-call-complainant"
              onClick={() => Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)}
            >
              拨打
            </View>
          ) : null}
        </InfoRow>
        {c.complainant && c.complainant.idNumber ? <InfoRow label="身份证">{c.complainant.idNumber}</InfoRow> : null}
        <View className="xam-hint xam-pii-hint">
          {full ? '完整号码仅办理单位可见，本次查看已记入台账（内部）。' : '号码已部分隐藏，办理单位可见完整号码。'}
        </View>
        {(c.complainants || []).length > 1 ? (
          <View className="xam-case-group">
            <View className="xam-label">集体投诉（{c.complainants.length} 人）</View>
            {c.complainants.map((p, i) => (
              <View key={i} className="xam-case-group-row">
                <View className="xam-case-group-name">{p.name}</View>
                <View className="xam-case-group-phone">
                  {phoneText(p)}
                  {p.claimed ? <View className="xam-hint xam-case-group-claimed">已认领</View> : null}
                </View>
                <View className="xam-case-group-amount">{formatFen(p.amountOwedFen)}</View>
              </View>
            ))}
          </View>
        ) : null}
      </View>

      <View className="xam-card xam-case-facts">
        <View className="xam-subtitle">欠薪情况</View>
        <InfoRow label="欠薪金额" className="xam-case-amount">
          {formatFen(c.amountOwedFen)}
        </InfoRow>
        <InfoRow label="开始欠">{formatMonth(c.owedSince)}</InfoRow>
        <InfoRow label="涉及人数">{c.workerCount} 人</InfoRow>
        <InfoRow label="情况说明">{c.description || '（未填写）'}</InfoRow>
        {c.photos && c.photos.length ? (
          <View className="xam-case-photos">
            {casePhotoUrls(c).map((src, i, all) => (
              <Image key={c.photos[i]} className="xam-case-photo" src={src} mode="aspectFill" onClick={() => previewPhotos(src, all)} />
            ))}
          </View>
        ) : null}
        {c.amountRecoveredFen !== null && c.amountRecoveredFen !== undefined ? (
          <InfoRow label="已追回">{formatFen(c.amountRecoveredFen)}</InfoRow>
        ) : null}
        {c.rating ? <InfoRow label="工友评分">{c.rating} 星</InfoRow> : null}
      </View>

      <View className="xam-card xam-case-project">
        <View className="xam-subtitle">项目</View>
        <InfoRow label="项目名称">{c.projectName}</InfoRow>
        <InfoRow label="地址">{c.projectAddress || '（未填写）'}</InfoRow>
        <InfoRow label="用工单位">{c.employerName || '（未填写）'}</InfoRow>
        <InfoRow label="地区">{c.areaName || c.areaCode}</InfoRow>
        <InfoRow label="行业">{INDUSTRY_LABELS[c.industry] || c.industry}</InfoRow>
        <InfoRow label="资金来源">{FUNDING_LABELS[c.funding] || c.funding}</InfoRow>
        <InfoRow label="来源">{CHANNEL_LABELS[c.channel] || c.channel}</InfoRow>
        {c.siteCode ? <InfoRow label="项目码">{c.siteCode}</InfoRow> : null}
      </View>

      <View className="xam-card xam-case-duty">
        <View className="xam-subtitle">责任与期限</View>
        <InfoRow label="首问单位">{c.firstResponder ? c.firstResponder.name : ''}</InfoRow>
        <InfoRow label="办理单位" className="xam-handler">
          {c.handler ? c.handler.name : ''}
        </InfoRow>
        <InfoRow label="受理期限">{c.acceptDueAt ? formatDateTime(c.acceptDueAt) : '待定'}</InfoRow>
        <InfoRow label="办结期限">{c.resolveDueAt ? formatDateTime(c.resolveDueAt) : '待定'}</InfoRow>
        {c.complex ? <InfoRow label="复杂案件">是</InfoRow> : null}
        <InfoRow label="预警等级" className="xam-risk">
          {RISK_LABELS[c.riskLevel] || c.riskLevel}
        </InfoRow>
        <InfoRow label="登记时间">{formatDateTime(c.createdAt)}</InfoRow>
      </View>
    </View>
  )
}

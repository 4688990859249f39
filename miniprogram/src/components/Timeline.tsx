import { View } from '@tarojs/components'
import type { TimelineItem } from '@shared/types'
import { EVENT_LABELS } from '@shared/labels'
import { formatDateTime } from '../utils/time'
import { collapseViews, type ShownItem } from '../utils/timeline'

interface Props {
  items: TimelineItem[]
  /** Staff view: marks entries the worker cannot see. */
  showVisibility?: boolean
}

/** The note without its label repeated in front ("即时报告：即时报告：…" read twice). */
function noteOf(item: TimelineItem): string {
  const label = item.label || EVENT_LABELS[item.type] || item.type
  const note = item.note || ''
  return note.indexOf(label + '：') === 0 ? note.slice(label.length + 1) : note
}

/** The case's history, oldest first, the newest one highlighted. */
export function Timeline({ items: all, showVisibility }: Props) {
  if (!all.length) return <View className="xam-muted">暂无记录</View>
  const items: ShownItem[] = showVisibility ? collapseViews(all) : all
  return (
    <View className="xam-timeline">
      {items.map((item, i) => (
        <View key={i} className={'xam-timeline-item' + (i === items.length - 1 ? ' xam-timeline-item-last' : '')} data-type={item.type}>
          <View className="xam-timeline-label">
            {item.label || EVENT_LABELS[item.type] || item.type}
            {item.times ? `（${item.times}次）` : ''}
            {showVisibility && item.visibleToWorker === false ? <View className="xam-tag xam-internal">内部</View> : null}
          </View>
          <View className="xam-muted">
            {item.firstAt ? formatDateTime(item.firstAt) + ' 至 ' : ''}
            {formatDateTime(item.at)}
            {item.actor ? ' · ' + item.actor : ''}
          </View>
          {noteOf(item) ? <View className="xam-timeline-note">{noteOf(item)}</View> : null}
        </View>
      ))}
    </View>
  )
}

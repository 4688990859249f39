import { useEffect, useMemo, useRef, useState, type Dispatch, type SetStateAction } from 'react'
import { LIMITS } from '@shared/contract/limits'
import Taro, { useDidHide, useRouter, useShareAppMessage } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Checkbox, Input, TextArea } from '@nutui/nutui-react-taro'
import { formatSiteCode } from '@shared/validators/siteCode'
import { callApi, errorMessage, isApiCallError } from '../../api'
import { DEFAULT_SETTINGS, loadSettings, settingsNow, type AppSettings } from '../../api/settings'
import { AreaPicker } from '../../components/AreaPicker'
import { ErrorBanner } from '../../components/ErrorBanner'
import { ServiceHeader } from '../../components/ServiceHeader'
import { SignIn } from '../../components/SignIn'
import { signInNeeded } from '../../api/session'
import { IndustryChoice } from '../../components/IndustryChoice'
import { InfoRow } from '../../components/InfoRow'
import { PhotoPicker, photosFromIds, photosNotReady, uploadedIds, uploadWaiting, type PhotoItem } from '../../components/PhotoPicker'
import { clearDraft, draftKey, forgetMe, loadDraft, loadMe, saveDraft, saveMe, type Me } from '../../utils/draft'
import { maskMobile, maskName } from '@shared/validators/phone'
import { newClientRequestId } from '../../utils/ids'
import { goHome } from '../../utils/nav'
import { askProgressMessages } from '../../utils/subscribe'
import { readFen, yuanToFen } from '../../utils/money'
import { onReconnect, sleep } from '../../utils/network'
import { siteEntryFromParams } from '../../utils/siteLink'
import { bootSite } from '../../utils/boot'
import { formatMonth } from '../../utils/time'
import { Field } from './Field'
import { MonthChoice } from './MonthChoice'
import { PhoneField } from './PhoneField'
import { SPEECH, SpeakButton } from './SpeakButton'
import {
  checkField,
  checkForm,
  emptyForm,
  FIELD,
  fieldsOf,
  toSubmitBody,
  type ComplaintForm,
  type FieldErrors,
  type FormMode,
} from './form'
import type { SiteInfo, SubmitResult } from './site'
import { contractErrorsNow, prefetchContractCheck } from './contractCheck'
import '../../components/worker.css'
import './index.css'

/** Where the site lookup stands. 'none': no code, or the worker chose to fill in the project. */
type Lookup = 'loading' | 'ok' | 'not_found' | 'error' | 'none'

/** Where the submit stands. */
type Phase = { kind: 'idle' } | { kind: 'sending' } | { kind: 'retrying'; attempt: number } | { kind: 'failed'; message: string }

/** What is kept on the phone until the complaint is in. */
interface Draft {
  form: ComplaintForm
  photos: string[]
  clientRequestId: string
}

/** Waits between automatic retries of a submit that failed on the network. */
const RETRY_DELAYS_MS = [1000, 2000, 4000]

function retryable(e: unknown): boolean {
  return !isApiCallError(e) || e.code === 'NETWORK' || e.code === 'INTERNAL' || e.code === 'RATE_LIMITED'
}

function initialForm(draft: Draft | null): ComplaintForm {
  if (draft) return { ...emptyForm(), ...draft.form }
  const me = loadMe()
  return { ...emptyForm(), name: me ? me.name : '', phone: me ? me.phone : '' }
}

export default function Complain() {
  const router = useRouter()
  const params = router.params
  const entry = useMemo(() => siteEntryFromParams(params), [params])
  const code = entry ? entry.code : ''
  const placement = entry ? entry.placement : ''
  const key = draftKey(code)

  // A sticker link opened in a browser comes with the site's details in the page: no lookup to wait for.
  const booted = code && params.nosite !== '1' ? bootSite(code) : null
  const [lookup, setLookup] = useState<Lookup>(booted ? 'ok' : code && params.nosite !== '1' ? 'loading' : 'none')
  const [lookupError, setLookupError] = useState('')
  const [site, setSite] = useState<SiteInfo | null>(booted)
  const [settings, setSettings] = useState<AppSettings>(settingsNow() || DEFAULT_SETTINGS)

  const draft = useMemo(() => loadDraft<Draft>(key), [key])
  const [restored, setRestored] = useState(!!draft)
  const [form, setForm] = useState<ComplaintForm>(() => initialForm(draft))
  /** Name and phone filled in from the last complaint on this phone (maybe someone else's): said so. */
  const [prefilled, setPrefilled] = useState<Me | null>(() => (draft ? null : loadMe()))
  const [photos, setPhotosState] = useState<PhotoItem[]>(() => photosFromIds(draft ? draft.photos || [] : []))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [topError, setTopError] = useState('')
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' })
  /** A browser that must prove the phone first (SMS sign-in servers): the code step before the submit. */
  const [signIn, setSignIn] = useState(false)

  const mode: FormMode = lookup === 'ok' ? 'site' : 'nosite'

  // The summary at the top goes away once the last field message is fixed.
  const FIX_FIELDS = '还有几处要改一下，请看红字'
  useEffect(() => {
    if (topError === FIX_FIELDS && Object.keys(errors).length === 0) setTopError('')
  }, [errors, topError])

  // Latest values for callbacks that outlive a render (retries, the reconnect listener).
  const formRef = useRef(form)
  formRef.current = form
  const photosRef = useRef(photos)
  photosRef.current = photos
  const modeRef = useRef(mode)
  modeRef.current = mode
  const phaseRef = useRef(phase)
  phaseRef.current = phase
  const lookupRef = useRef(lookup)
  lookupRef.current = lookup
  const siteRef = useRef(site)
  siteRef.current = site

  // One request id per complaint, kept with the draft: a retry, even after the app was closed,
  // can never file a second complaint.
  const requestId = useRef(draft && draft.clientRequestId ? draft.clientRequestId : newClientRequestId())
  const dirty = useRef(false)
  const done = useRef(false)
  const alive = useRef(true)
  const busy = useRef(false)
  const touched = useRef<Record<string, boolean>>({})
  const subscription = useRef<Promise<boolean> | null>(null)

  const loadSite = async () => {
    if (!code) return
    setLookup('loading')
    try {
      const info = await callApi('worker', 'site.lookup', { code })
      if (!alive.current) return
      setSite(info)
      setLookup('ok')
    } catch (e) {
      if (!alive.current) return
      if (isApiCallError(e) && (e.code === 'NOT_FOUND' || e.code === 'VALIDATION')) {
        // A retired site says so (the project has ended); an unknown code gets the general line.
        if (e.code === 'NOT_FOUND' && e.message.indexOf('已经结束') >= 0) setLookupError(e.message)
        setLookup('not_found')
      } else {
        setLookupError(errorMessage(e))
        setLookup('error')
      }
    }
  }

  useEffect(() => {
    if (lookup === 'loading') loadSite()
    loadSettings().then((s) => alive.current && setSettings(s))
    prefetchContractCheck()
    const off = onReconnect(() => {
      if (lookupRef.current === 'error') loadSite()
      if (phaseRef.current.kind === 'failed') send()
    })
    return () => {
      alive.current = false
      off()
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  // The draft: saved shortly after every change, and at once when the app goes to the background.
  const flushDraft = () => {
    if (!dirty.current || done.current) return
    saveDraft<Draft>(key, { form: formRef.current, photos: uploadedIds(photosRef.current), clientRequestId: requestId.current })
  }
  useEffect(() => {
    if (!dirty.current) return
    const t = setTimeout(flushDraft, 300)
    return () => clearTimeout(t)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [form, photos])
  useDidHide(flushDraft)

  useShareAppMessage(() => {
    const s = siteRef.current
    if (s) {
      return { title: `${s.name}：被欠工资，在这里投诉`, path: `/pages/complain/index?code=${s.code}${placement ? '&p=' + placement : ''}` }
    }
    return { title: '薪安码：被欠工资，扫码投诉', path: '/pages/index/index' }
  })

  const setPhotos: Dispatch<SetStateAction<PhotoItem[]>> = (update) => {
    dirty.current = true
    setPhotosState(update)
  }

  const validate = (field: string, f: ComplaintForm = formRef.current) => {
    const message = checkField(field, f, modeRef.current)
    setErrors((errs) => {
      if ((errs[field] || '') === message) return errs
      const next = { ...errs }
      if (message) next[field] = message
      else delete next[field]
      return next
    })
  }

  /** Changes the form; a field already visited (or showing a message) is checked as the worker types. */
  const change = (patch: Partial<ComplaintForm>, field?: string, checkNow?: boolean) => {
    const next = { ...formRef.current, ...patch }
    formRef.current = next
    dirty.current = true
    setForm(next)
    if (field && (checkNow || touched.current[field] || errors[field])) {
      touched.current[field] = true
      validate(field, next)
    }
  }
  const blur = (field: string) => {
    touched.current[field] = true
    validate(field)
  }

  const startOver = () => {
    clearDraft(key)
    const me = loadMe()
    const fresh = { ...emptyForm(), name: me ? me.name : '', phone: me ? me.phone : '' }
    setPrefilled(me)
    formRef.current = fresh
    setForm(fresh)
    setPhotosState([])
    setErrors({})
    setTopError('')
    touched.current = {}
    requestId.current = newClientRequestId()
    dirty.current = false
    setRestored(false)
  }

  const scrollToFirstError = () => {
    setTimeout(() => {
      Taro.pageScrollTo({ selector: '.xam-complain .xam-field-bad', offsetTop: -60, duration: 200 }).catch(() =>
        Taro.pageScrollTo({ scrollTop: 0, duration: 0 }),
      )
    }, 60)
  }

  /** WeChat asks for message permission only from a tap, so this runs first thing in the tap handler. */
  const askSubscription = () => {
    if (process.env.TARO_ENV !== 'weapp' || subscription.current) return
    const s = settingsNow()
    const tmplIds = s ? s.subscribeTemplates : []
    if (!tmplIds.length) return
    subscription.current = askProgressMessages(tmplIds)
  }

  /** The request as it would be sent now, from the form, the site and the uploaded photos. */
  const currentBody = () => {
    const s = siteRef.current
    return toSubmitBody(formRef.current, {
      mode: modeRef.current,
      siteCode: s ? s.code : code,
      placement,
      unknownCode: lookupRef.current === 'not_found' ? formatSiteCode(code) : '',
      clientRequestId: requestId.current,
      photos: uploadedIds(photosRef.current),
    })
  }

  const send = async () => {
    if (busy.current || done.current) return
    busy.current = true
    const body = currentBody()
    setTopError('')
    setPhase({ kind: 'sending' })
    try {
      let res: SubmitResult | null = null
      for (let i = 0; !res; i++) {
        try {
          res = await callApi('worker', 'complaint.submit', body)
        } catch (e) {
          if (!retryable(e) || i >= RETRY_DELAYS_MS.length || !alive.current) throw e
          setPhase({ kind: 'retrying', attempt: i + 2 })
          await sleep(RETRY_DELAYS_MS[i] || 1000)
        }
      }
      done.current = true
      clearDraft(key)
      saveMe({ name: body.complainant.name, phone: body.complainant.phone })
      const subscribed = subscription.current ? await subscription.current : false
      Taro.redirectTo({ url: `/pages/receipt/index?id=${encodeURIComponent(res.id)}${subscribed ? '&sub=1' : ''}` })
    } catch (e) {
      if (!alive.current) return
      if (isApiCallError(e) && e.code === 'UNAUTHENTICATED' && process.env.TARO_ENV === 'h5') {
        // The browser's session ran out: the code step, then the same request again.
        flushDraft()
        setPhase({ kind: 'idle' })
        openSignIn()
      } else if (isApiCallError(e) && e.code === 'VALIDATION') {
        setPhase({ kind: 'idle' })
        setErrors(e.fields)
        setTopError(e.message || FIX_FIELDS)
        scrollToFirstError()
      } else if (retryable(e)) {
        flushDraft()
        setPhase({ kind: 'failed', message: isApiCallError(e) && e.code !== 'NETWORK' ? errorMessage(e) : '手机没信号或者网络不好' })
      } else {
        setPhase({ kind: 'idle' })
        setTopError(errorMessage(e))
        Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)
      }
    } finally {
      busy.current = false
    }
  }

  const submit = () => {
    if (busy.current) return
    const local = checkForm(formRef.current, modeRef.current)
    if (Object.keys(local).length) {
      for (const f of Object.keys(local)) touched.current[f] = true
      setErrors(local)
      setTopError(FIX_FIELDS)
      scrollToFirstError()
      return
    }
    const notReady = photosNotReady(photosRef.current)
    if (notReady) {
      setTopError(notReady)
      Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined)
      return
    }
    const contract = contractErrorsNow(currentBody())
    if (Object.keys(contract).length) {
      setErrors(contract)
      setTopError(FIX_FIELDS)
      scrollToFirstError()
      return
    }
    setErrors({})
    askSubscription()
    goOn()
  }

  /** The code step, brought into view under the form. */
  const openSignIn = () => {
    setSignIn(true)
    setTimeout(() => {
      Taro.pageScrollTo({ selector: '.xam-complain .xam-signin', offsetTop: -20, duration: 200 }).catch(() => undefined)
    }, 60)
  }

  /** Sends, or first asks for the SMS code when this browser has no session yet; the draft is kept meanwhile. */
  const goOn = async () => {
    let must = false
    try {
      must = await signInNeeded()
    } catch {
      // The server cannot be asked now: sending fails the same way and is retried as any network failure.
    }
    if (!alive.current) return
    if (must) {
      dirty.current = true
      flushDraft()
      openSignIn()
      return
    }
    send()
  }

  if (lookup === 'loading') {
    return (
      <View className="xam-page xam-w xam-complain">
        <View className="xam-empty">正在查找项目……</View>
      </View>
    )
  }
  if (lookup === 'error') {
    return (
      <View className="xam-page xam-w xam-complain">
        <View className="xam-card">
          <ErrorBanner message={lookupError} />
          <View className="xam-text">没查到项目信息，可能是信号不好。有信号后会自动再查。</View>
          <Button type="primary" size="xlarge" block className="xam-big-button xam-retry" onClick={loadSite}>
            重试
          </Button>
          <Button size="large" block className="xam-big-button xam-fill-anyway" onClick={() => setLookup('none')}>
            不等了，自己填写项目
          </Button>
        </View>
      </View>
    )
  }

  const sending = phase.kind === 'sending' || phase.kind === 'retrying'
  const shownFields = fieldsOf(mode)
  const otherErrors = Object.keys(errors).filter((k) => shownFields.indexOf(k) < 0 && k !== FIELD.photos && errors[k])
  const amountFen = yuanToFen(form.amountYuan)

  return (
    <View className="xam-page xam-w xam-complain" data-mode={mode}>
      <ServiceHeader areaCode={site ? site.areaCode : undefined} />
      {restored ? (
        <View className="xam-restored">
          <View className="xam-restored-text">已经填回您上次没交的内容</View>
          <View className="xam-textlink xam-start-over" onClick={startOver}>
            清空重填
          </View>
        </View>
      ) : null}

      {topError ? (
        <View className="xam-error xam-top-error">
          {topError}
          {otherErrors.map((k) => (
            <View key={k} className="xam-field-error" data-field={k}>
              {errors[k]}
            </View>
          ))}
        </View>
      ) : null}

      {mode === 'site' && site ? <SiteCard site={site} form={form} errors={errors} change={change} blur={blur} /> : null}

      {mode === 'nosite' ? (
        <View className="xam-card xam-no-site">
          {lookup === 'not_found' ? (
            <View className="xam-notice xam-not-found">
              {lookupError ||
                `没有找到项目码 ${formatSiteCode(code)}，可能是贴纸印错了或者项目已经停用。不要紧，填一下是哪个工地，一样能投诉。`}
            </View>
          ) : (
            <View className="xam-notice xam-no-code">没扫码也能投诉。先说一下是哪个工地，知道多少写多少。</View>
          )}
          <View className="xam-subtitle">是哪个工地</View>
          <Field label="工地或项目叫什么" name={FIELD.projectName} error={errors[FIELD.projectName]}>
            <Input
              className="xam-input xam-field-project"
              placeholder="例如：幸福小区三期"
              value={form.projectName}
              maxLength={LIMITS.projectName}
              onChange={(v) => change({ projectName: v }, FIELD.projectName)}
              onBlur={() => blur(FIELD.projectName)}
            />
          </Field>
          <Field label="工地在哪里" name={FIELD.area} error={errors[FIELD.area]}>
            <AreaPicker value={form.area} onChange={(area) => change({ area }, FIELD.area, !!area.district || !!area.city)} />
          </Field>
          <Field label="详细地址（可以不填）" name={FIELD.projectAddress} error={errors[FIELD.projectAddress]}>
            <Input
              className="xam-input xam-field-address"
              placeholder="例如：某某路和某某街路口"
              value={form.projectAddress}
              maxLength={LIMITS.projectAddress}
              onChange={(v) => change({ projectAddress: v }, FIELD.projectAddress)}
              onBlur={() => blur(FIELD.projectAddress)}
            />
          </Field>
          <Field label="是什么工程" name={FIELD.industry} error={errors[FIELD.industry]}>
            <IndustryChoice value={form.industry} onChange={(industry) => change({ industry }, FIELD.industry, true)} />
          </Field>
          <Field label="欠钱的老板或公司（知道就填）" name={FIELD.employerName} error={errors[FIELD.employerName]}>
            <Input
              className="xam-input xam-field-employer"
              placeholder="例如：张老板，某某建筑公司"
              value={form.employerName}
              maxLength={LIMITS.employerName}
              onChange={(v) => change({ employerName: v }, FIELD.employerName)}
              onBlur={() => blur(FIELD.employerName)}
            />
          </Field>
        </View>
      ) : null}

      <View className="xam-card xam-form">
        <View className="xam-subtitle">填写您知道的情况</View>

        {prefilled && (prefilled.name || prefilled.phone) && form.name === prefilled.name && form.phone === prefilled.phone ? (
          <View className="xam-notice xam-shared-phone">
            上次填的是 {[maskName(prefilled.name), prefilled.phone ? maskMobile(prefilled.phone) : ''].filter(Boolean).join(' ')}
            ，不是您？
            <View
              className="xam-textlink xam-shared-clear"
              onClick={() => {
                forgetMe()
                setPrefilled(null)
                change({ name: '', phone: '' })
              }}
            >
              清空
            </View>
          </View>
        ) : null}

        <Field label="您的姓名" name={FIELD.name} error={errors[FIELD.name]}>
          <Input
            className="xam-input xam-field-name"
            placeholder="您的名字"
            value={form.name}
            maxLength={LIMITS.personName}
            onChange={(v) => change({ name: v }, FIELD.name)}
            onBlur={() => blur(FIELD.name)}
          />
        </Field>

        <Field label="手机号" name={FIELD.phone} error={errors[FIELD.phone]}>
          <PhoneField
            value={form.phone}
            phoneButton={!!settings.phoneButton}
            onChange={(phone, settled) => change({ phone }, FIELD.phone, settled)}
            onBlur={() => blur(FIELD.phone)}
          />
        </Field>

        <Field
          label="大概欠多少钱（元）"
          name={FIELD.amount}
          error={errors[FIELD.amount]}
          hint={amountFen && amountFen > 0 ? <View className="xam-amount-read">就是 {readFen(amountFen)}</View> : null}
        >
          <Input
            className="xam-input xam-field-amount"
            type="digit"
            placeholder="大概数就行，例如 8000"
            value={form.amountYuan}
            maxLength={12}
            onChange={(v) => change({ amountYuan: v }, FIELD.amount)}
            onBlur={() => blur(FIELD.amount)}
          />
        </Field>

        <Field
          label="从哪个月开始欠"
          name={FIELD.owedSince}
          error={errors[FIELD.owedSince]}
          hint={form.owedSince ? <View className="xam-month-read">从{formatMonth(form.owedSince)}开始欠</View> : null}
        >
          <MonthChoice value={form.owedSince} onChange={(owedSince) => change({ owedSince }, FIELD.owedSince, true)} />
        </Field>

        <Field label="一共几个人被欠（算上您）" name={FIELD.workerCount} error={errors[FIELD.workerCount]}>
          <Input
            className="xam-input xam-field-count"
            type="number"
            placeholder="例如 1"
            value={form.workerCount}
            maxLength={7}
            onChange={(v) => change({ workerCount: v }, FIELD.workerCount)}
            onBlur={() => blur(FIELD.workerCount)}
          />
        </Field>

        <Field label="发生了什么（可以不填）" name={FIELD.description} error={errors[FIELD.description]}>
          <TextArea
            className="xam-textarea xam-field-desc"
            placeholder="例如：干完活老板一直拖着不给钱"
            value={form.description}
            maxLength={LIMITS.description}
            rows={3}
            onChange={(v) => change({ description: v }, FIELD.description)}
            onBlur={() => blur(FIELD.description)}
          />
          {SPEECH ? (
            <SpeakButton
              onText={(said) => {
                const before = formRef.current.description
                change({ description: (before ? before + '，' : '') + said }, FIELD.description, true)
              }}
            />
          ) : null}
        </Field>

        <Field label="照片（可以不传）" name="photos-box">
          <PhotoPicker
            value={photos}
            onChange={setPhotos}
            max={settings.maxPhotos}
            maxBytes={settings.maxPhotoBytes}
            error={errors[FIELD.photos]}
          />
        </Field>

        <Checkbox
          className="xam-check xam-field-hide"
          checked={form.hideIdentityFromEmployer}
          label="不要让老板知道是我投诉的"
          onChange={(v) => change({ hideIdentityFromEmployer: v })}
        />
        <Checkbox
          className="xam-check xam-field-unreachable"
          checked={form.bossUnreachable}
          label="老板联系不上了（跑了、不接电话）"
          onChange={(v) => change({ bossUnreachable: v })}
        />

        {phase.kind === 'failed' ? (
          <View className="xam-send-failed">
            <View className="xam-send-failed-title">投诉还没交上去</View>
            <View className="xam-text">
              {phase.message.replace(/[。！]$/, '')}。您填的内容已经存在手机里，有信号后会自动再交，也可以点下面的按钮再试。
            </View>
          </View>
        ) : null}

        {signIn ? (
          <SignIn
            title="最后一步：验证手机号"
            hint="为了确认是您本人，也方便您以后查进度，请输入发到这个手机号的验证码。您填的内容都还在。"
            phone={form.phone}
            autoSend
            submitLabel="确认并提交投诉"
            onDone={async () => {
              setSignIn(false)
              // Photos chosen before the sign-in go up now, as this worker's.
              if (photosRef.current.some((p) => p.status === 'waiting')) {
                setPhase({ kind: 'sending' })
                const list = await uploadWaiting(photosRef.current, settings.maxPhotoBytes, setPhotos)
                photosRef.current = list
                if (!alive.current) return
                const notReady = photosNotReady(list)
                if (notReady) {
                  setPhase({ kind: 'idle' })
                  setTopError(notReady)
                  return
                }
              }
              send()
            }}
            onCancel={() => setSignIn(false)}
            cancelLabel="返回修改"
          />
        ) : null}

        {signIn ? null : (
          <Button
            type="primary"
            size="xlarge"
            block
            loading={sending}
            className={'xam-big-button xam-submit' + (phase.kind === 'failed' ? ' xam-retry-submit' : '')}
            onClick={submit}
          >
            {phase.kind === 'sending'
              ? '正在提交'
              : phase.kind === 'retrying'
                ? `信号不好，第${phase.attempt}次提交`
                : phase.kind === 'failed'
                  ? '重试提交'
                  : '提交投诉'}
          </Button>
        )}
        <View className="xam-muted xam-privacy">您填的信息只用于处理这次投诉。</View>
      </View>

      {mode === 'nosite' && lookup === 'not_found' ? (
        <Button size="large" block className="xam-big-button xam-go-home" onClick={goHome}>
          重新输入项目码
        </Button>
      ) : null}
    </View>
  )
}

interface SiteCardProps {
  site: SiteInfo
  form: ComplaintForm
  errors: FieldErrors
  change: (patch: Partial<ComplaintForm>, field?: string, checkNow?: boolean) => void
  blur: (field: string) => void
}

/** The project as the sticker says, read-only, with the "信息不对" path. */
function SiteCard({ site, form, errors, change, blur }: SiteCardProps) {
  return (
    <View className="xam-card xam-site">
      <View className="xam-muted">您要投诉的项目</View>
      <View className="xam-title xam-site-name">{site.name}</View>
      <InfoRow label="地址" className="xam-site-address">
        {site.address}
      </InfoRow>
      <InfoRow label="用工单位" className="xam-site-employer">
        {site.contractor ? site.contractor.name : ''}
      </InfoRow>
      <InfoRow label="负责单位" className="xam-site-dept">
        {site.supervisingDept ? site.supervisingDept.name : ''}
      </InfoRow>
      <InfoRow label="项目码">{site.displayCode || formatSiteCode(site.code)}</InfoRow>

      {!form.wrongInfo ? (
        <View className="xam-textlink xam-wrong-open" onClick={() => change({ wrongInfo: true })}>
          信息不对？点这里告诉我们
        </View>
      ) : (
        <View className="xam-wrong-box">
          <View className="xam-text">写一下对的是什么，知道多少写多少。投诉照样交给上面的负责单位，他们会核实。</View>
          <Field label="项目应该是" name="rightProject">
            <Input
              className="xam-input xam-wrong-project"
              placeholder="对的项目名称（可以不填）"
              value={form.rightProject}
              maxLength={LIMITS.projectName}
              onChange={(v) => change({ rightProject: v })}
            />
          </Field>
          <Field label="欠钱的老板或公司应该是" name={FIELD.employerName} error={errors[FIELD.employerName]}>
            <Input
              className="xam-input xam-wrong-employer"
              placeholder="例如：张老板，某某劳务公司"
              value={form.rightEmployer}
              maxLength={LIMITS.employerName}
              onChange={(v) => change({ rightEmployer: v }, FIELD.employerName)}
              onBlur={() => blur(FIELD.employerName)}
            />
          </Field>
          <View className="xam-textlink xam-wrong-close" onClick={() => change({ wrongInfo: false, rightProject: '', rightEmployer: '' })}>
            信息没错，收起
          </View>
        </View>
      )}
    </View>
  )
}

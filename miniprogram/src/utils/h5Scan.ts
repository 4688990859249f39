// Scanning a sticker in a phone browser: the camera and the browser's own QR reader (BarcodeDetector,
// Chrome on Android and others). Where the browser cannot read QR codes the caller goes straight to
// typing the code; nothing here ever claims a code is wrong without having read one.

interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>
}
type DetectorClass = { new (o: { formats: string[] }): Detector; getSupportedFormats?: () => Promise<string[]> }

/** Whether this browser can read a QR code from the camera. */
export async function canScanInBrowser(): Promise<boolean> {
  if (typeof window === 'undefined' || typeof navigator === 'undefined') return false
  const D = (window as unknown as { BarcodeDetector?: DetectorClass }).BarcodeDetector
  if (!D || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return false
  try {
    return !D.getSupportedFormats || (await D.getSupportedFormats()).indexOf('qr_code') >= 0
  } catch {
    return false
  }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, style: string, text = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag)
  e.setAttribute('style', style)
  if (text) e.textContent = text
  return e
}

/**
 * Opens the camera full screen and resolves with the first QR code read; '' when the worker cancels
 * (to type the code instead), null when the camera cannot be opened (no permission, no camera).
 */
export async function scanInBrowser(): Promise<string | null> {
  const D = (window as unknown as { BarcodeDetector: DetectorClass }).BarcodeDetector
  let stream: MediaStream
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
  } catch {
    return null
  }
  const detector = new D({ formats: ['qr_code'] })
  const box = el('div', 'position:fixed;left:0;top:0;right:0;bottom:0;z-index:9999;background:#000;display:flex;flex-direction:column')
  box.className = 'xam-h5-scanner'
  const video = el('video', 'flex:1;width:100%;min-height:0;object-fit:cover')
  video.setAttribute('playsinline', 'true')
  video.muted = true
  video.srcObject = stream
  const hint = el('div', 'color:#fff;font-size:18px;line-height:1.5;text-align:center;padding:12px 16px', '把工地二维码放在画面中间')
  const cancel = el(
    'button',
    'margin:0 16px 24px;min-height:52px;border:0;border-radius:8px;background:#fff;color:#1a1a1a;font-size:18px;font-weight:bold',
    '取消，改为输入项目码',
  )
  cancel.className = 'xam-h5-scan-cancel'
  box.appendChild(video)
  box.appendChild(hint)
  box.appendChild(cancel)
  document.body.appendChild(box)
  return new Promise((resolve) => {
    let done = false
    const finish = (text: string | null) => {
      if (done) return
      done = true
      stream.getTracks().forEach((t) => t.stop())
      box.remove()
      resolve(text)
    }
    cancel.addEventListener('click', () => finish(''))
    const look = () => {
      if (done) return
      if (video.readyState < 2) {
        setTimeout(look, 200)
        return
      }
      detector
        .detect(video)
        .then((codes) => {
          const text = codes.length ? codes[0].rawValue.trim() : ''
          if (text) finish(text)
          else setTimeout(look, 200)
        })
        .catch(() => setTimeout(look, 400))
    }
    video.play().catch(() => undefined)
    look()
  })
}

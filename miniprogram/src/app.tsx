import { PropsWithChildren, useEffect } from 'react'
import { configure } from '@nutui/icons-react-taro'
import { initTransport } from './api'
import '@nutui/icons-react-taro/dist/style_icon.css'
import './app.css'

// NutUI icons render an <i> by default, which only exists in the browser.
if (process.env.TARO_ENV !== 'h5') {
  configure({ tag: 'view' })
}

initTransport()

/** h5: index.html's inline splash stays until the first page is on screen, then goes. */
function dropSplash() {
  const splash = document.getElementById('xam-splash')
  if (!splash) return
  const check = () => {
    if (document.querySelector('.taro_page')) {
      performance.mark('xam-app-shown')
      splash.remove()
    } else requestAnimationFrame(check)
  }
  requestAnimationFrame(check)
}

function App({ children }: PropsWithChildren) {
  useEffect(() => {
    if (process.env.TARO_ENV === 'h5') dropSplash()
  }, [])
  return children
}

export default App

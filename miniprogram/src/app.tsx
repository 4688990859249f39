import { PropsWithChildren } from 'react'
import { configure } from '@nutui/icons-react-taro'
import { initTransport } from './api'
import '@nutui/icons-react-taro/dist/style_icon.css'
import './app.css'

// NutUI icons render an <i> by default, which only exists in the browser.
if (process.env.TARO_ENV !== 'h5') {
  configure({ tag: 'view' })
}

initTransport()

function App({ children }: PropsWithChildren) {
  return children
}

export default App

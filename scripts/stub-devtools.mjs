// Stand-in for react-devtools-core: vseg never connects to React DevTools.
export default {initialize() {}, connectToDevTools() {}};

import Foundation
import AutourWeb

await AutourCommand.main()
